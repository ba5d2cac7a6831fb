UPDATE notifications SET status = 'READ', read_at = COALESCE(read_at, now())
 WHERE id = $(id) AND user_id = $(userId) AND status = 'UNREAD'
