-- A user's notifications, newest first, after the cursor's (created_at, id) when there is one.
SELECT n.*, to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM notifications n
 WHERE n.user_id = $(userId)
   AND ($(unread)::boolean IS NULL OR (n.status = 'UNREAD') = $(unread)::boolean)
   AND ($(type)::text IS NULL OR n.type = $(type))
   AND ($(beforeAt)::timestamptz IS NULL OR (n.created_at, n.id) < ($(beforeAt)::timestamptz, $(beforeId)::uuid))
 ORDER BY n.created_at DESC, n.id DESC
 LIMIT $(limit)
