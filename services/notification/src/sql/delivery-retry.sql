-- An operator sends a dead-lettered delivery again: a fresh round of attempts.
UPDATE notification_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), updated_at = now()
 WHERE notification_id = $(notificationId) AND channel = $(channel) AND status = 'DEAD_LETTER'
RETURNING *
