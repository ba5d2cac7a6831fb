-- The kit's idempotency keys: the first answer to a request with a key, returned again for
-- every repeat, so a retried call (a saga replayed after a crash) never acts twice.
CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  request_hash text NOT NULL,
  status       integer NOT NULL,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
CREATE INDEX inbox_age ON inbox (created_at);
