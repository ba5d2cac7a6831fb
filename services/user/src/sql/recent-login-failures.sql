-- Failed attempts for an email since its last successful login, newest first.
SELECT created_at FROM login_attempts
 WHERE lower(email) = lower($(email)) AND NOT succeeded
   AND created_at > COALESCE((SELECT max(created_at) FROM login_attempts WHERE lower(email) = lower($(email)) AND succeeded), '-infinity')
 ORDER BY created_at DESC
 LIMIT $(limit)
