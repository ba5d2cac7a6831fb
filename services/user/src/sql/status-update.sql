-- A status change ends every session issued before it: the token version moves on.
UPDATE users SET status = $(status), updated_at = now(), version = version + 1, token_version = token_version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
