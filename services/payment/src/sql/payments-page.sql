-- A user's payments, newest first, after the cursor's (created_at, id) when there is one.
SELECT p.*, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM payments p
 WHERE p.user_id = $(userId)
   AND ($(direction)::text IS NULL OR p.direction = $(direction))
   AND ($(status)::text IS NULL OR p.status = $(status))
   AND ($(beforeAt)::timestamptz IS NULL OR (p.created_at, p.id) < ($(beforeAt)::timestamptz, $(beforeId)::uuid))
 ORDER BY p.created_at DESC, p.id DESC
 LIMIT $(limit)
