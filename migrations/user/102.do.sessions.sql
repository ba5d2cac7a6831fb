-- Sessions. An access token carries the account's token_version; a change of password,
-- status or roles moves the version on, so every token issued before stops working.
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 1;

-- Refresh tokens: only a hash is stored. Each refresh rotates the token within its family;
-- presenting a token that was already rotated revokes the whole family (it was stolen).
CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   uuid NOT NULL,
  token_hash  bytea NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  replaced_by uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);

-- Pruning old attempts scans by time.
CREATE INDEX login_attempts_by_time ON login_attempts (created_at);

CREATE OR REPLACE VIEW user_accounts AS
SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name, u.phone, u.client_id, u.status,
       u.created_at, u.updated_at, u.last_login_at, u.version,
       COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at,
       u.token_version
  FROM users u
  LEFT JOIN user_roles r ON r.user_id = u.id
 GROUP BY u.id;
