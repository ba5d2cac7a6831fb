-- A session (a refresh-token family) stands while one of its tokens is not revoked: rotation
-- revokes the old token and adds the next; logout, reuse and a change of password or status
-- revoke them all. A family unknown here (never issued, or pruned long after expiry) stands not.
SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = $(familyId) AND revoked_at IS NULL) AS open
