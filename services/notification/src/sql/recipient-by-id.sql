SELECT * FROM notification_recipients WHERE user_id = $(userId)
