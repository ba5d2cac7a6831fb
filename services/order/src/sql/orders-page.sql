-- A user's orders, newest first, after the cursor's (created_at, id) when there is one.
SELECT o.*, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM orders o
 WHERE o.user_id = $(userId)
   AND ($(symbol)::text IS NULL OR o.symbol = $(symbol))
   AND ($(status)::text IS NULL OR o.status = $(status))
   AND ($(beforeAt)::timestamptz IS NULL OR (o.created_at, o.id) < ($(beforeAt)::timestamptz, $(beforeId)::uuid))
 ORDER BY o.created_at DESC, o.id DESC
 LIMIT $(limit)
