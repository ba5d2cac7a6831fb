-- Locked, so two refreshes with one token cannot both rotate it.
SELECT id, user_id, family_id, token_hash, expires_at, revoked_at FROM refresh_tokens WHERE id = $(id) FOR UPDATE
