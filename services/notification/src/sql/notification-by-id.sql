-- Only the owner's: another user's id is as absent as one that never existed.
SELECT n.*, to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM notifications n
 WHERE n.id = $(id) AND n.user_id = $(userId)
