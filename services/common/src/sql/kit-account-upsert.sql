-- The account as an event or the user service's snapshot says it is; a state of a lower or
-- equal token version than the one kept changes nothing (it arrived late).
INSERT INTO kit_accounts (user_id, status, roles, token_version)
VALUES ($(userId), $(status), $(roles)::text[], $(tokenVersion))
ON CONFLICT (user_id) DO UPDATE
   SET status = EXCLUDED.status, roles = EXCLUDED.roles, token_version = EXCLUDED.token_version, updated_at = now()
 WHERE kit_accounts.token_version < EXCLUDED.token_version
