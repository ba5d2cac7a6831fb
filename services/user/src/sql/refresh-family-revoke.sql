UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $(familyId) AND revoked_at IS NULL
