SELECT * FROM notification_preferences WHERE user_id = $(userId)
