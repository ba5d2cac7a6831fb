SELECT count(*)::int AS n FROM notifications WHERE user_id = $(userId) AND status = 'UNREAD'
