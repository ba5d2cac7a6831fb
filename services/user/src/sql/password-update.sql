UPDATE users SET password_hash = $(passwordHash), updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
