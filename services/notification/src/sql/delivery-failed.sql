-- A failed attempt: due again after $(delayMs), or DEAD_LETTER when $(delayMs) is null.
UPDATE notification_deliveries
   SET status = CASE WHEN $(delayMs)::int IS NULL THEN 'DEAD_LETTER' ELSE 'RETRYING' END,
       next_attempt_at = CASE WHEN $(delayMs)::int IS NULL THEN NULL ELSE now() + make_interval(secs => $(delayMs)::int / 1000.0) END,
       last_error = $(error), updated_at = now()
 WHERE notification_id = $(notificationId) AND channel = $(channel) AND attempts = $(attempts)
