SELECT COALESCE((SELECT last_seq FROM notification_recipients WHERE user_id = $(userId)), 0)::bigint AS seq
