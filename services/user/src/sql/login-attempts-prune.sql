-- Throttling looks back 15 minutes; a day of attempts is kept for audit.
DELETE FROM login_attempts WHERE created_at < now() - interval '1 day'
