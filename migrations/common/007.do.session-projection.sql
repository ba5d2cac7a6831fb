-- The kit's session projection, in every service's own database: what the user service
-- published about accounts and sessions (topic `users`), so that each service's token check
-- asks its own database whether a token still stands. kit_accounts keeps, per user, the
-- state of the highest token version seen (events carry it whole, so their order does not
-- matter); kit_ended_sessions the sessions that ended while their access tokens may still be
-- unexpired, forgotten after `until`.
CREATE TABLE kit_accounts (
  user_id       uuid PRIMARY KEY,
  status        text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'BLOCKED', 'CLOSED')),
  roles         text[] NOT NULL,
  token_version integer NOT NULL CHECK (token_version >= 1),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kit_ended_sessions (
  session_id uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  until      timestamptz NOT NULL,
  ended_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kit_ended_sessions_until ON kit_ended_sessions (until);
