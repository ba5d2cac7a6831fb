WITH read AS (
  UPDATE notifications SET status = 'READ', read_at = now()
   WHERE user_id = $(userId) AND status = 'UNREAD'
  RETURNING 1
)
SELECT count(*)::int AS n FROM read
