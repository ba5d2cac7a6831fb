INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
VALUES ($(id), $(userId), $(familyId), $(tokenHash), $(expiresAt))
