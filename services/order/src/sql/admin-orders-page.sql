-- Orders of every user, those with the given ids and status when given, oldest first, after
-- the cursor's (created_at, id).
SELECT o.*, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM orders o
 WHERE ($(ids)::uuid[] IS NULL OR o.id = ANY ($(ids)::uuid[]))
   AND ($(status)::text IS NULL OR o.status = $(status)::text)
   AND ($(afterAt)::timestamptz IS NULL OR (o.created_at, o.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY o.created_at, o.id
 LIMIT $(limit)
