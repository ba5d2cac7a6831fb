UPDATE notification_deliveries SET status = 'SENT', sent_at = now(), next_attempt_at = NULL, last_error = NULL, updated_at = now()
 WHERE notification_id = $(notificationId) AND channel = $(channel) AND attempts = $(attempts)
