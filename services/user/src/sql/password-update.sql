-- A new password ends every session: the token version moves on.
UPDATE users SET password_hash = $(passwordHash), updated_at = now(), version = version + 1, token_version = token_version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
