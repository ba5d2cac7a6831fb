-- A role change (kept in user_roles) still moves the account's version, and its token
-- version: tokens issued before carry the old roles.
UPDATE users SET updated_at = now(), version = version + 1, token_version = token_version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
