UPDATE refresh_tokens SET revoked_at = now(), replaced_by = $(replacedBy) WHERE id = $(id)
