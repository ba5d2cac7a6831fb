-- Orders not terminal although their validity ended before $(before): a DAY order whose
-- session closed (expires_at), an IOC order (it ends in the book at once, so its validity
-- ends as it is placed). GTC orders never lapse. Oldest first, after the cursor's key.
SELECT o.*, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM orders o
 WHERE o.status <> ALL ($(terminal)::text[])
   AND ((o.expires_at IS NOT NULL AND o.expires_at < $(before)::timestamptz)
        OR (o.validity = 'IOC' AND o.created_at < $(before)::timestamptz))
   AND ($(afterAt)::timestamptz IS NULL OR (o.created_at, o.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY o.created_at, o.id
 LIMIT $(limit)
