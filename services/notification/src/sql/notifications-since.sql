-- What the live stream owes a user after number $(after): oldest first, muted ones left out.
SELECT n.*, to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM notifications n
 WHERE n.user_id = $(userId) AND n.seq > $(after) AND NOT n.muted
 ORDER BY n.seq
 LIMIT $(limit)
