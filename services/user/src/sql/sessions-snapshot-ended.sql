-- The sessions that ended within the last $(ttlSeconds) (an access token's lifetime): every
-- token of the family revoked, the last revocation recent. `until`: when their last access
-- token expires anyway.
SELECT family_id AS session_id, user_id, max(revoked_at) + make_interval(secs => $(ttlSeconds)) AS until
  FROM refresh_tokens
 WHERE family_id IN (SELECT family_id FROM refresh_tokens WHERE revoked_at > now() - make_interval(secs => $(ttlSeconds)))
 GROUP BY family_id, user_id
HAVING bool_and(revoked_at IS NOT NULL)
