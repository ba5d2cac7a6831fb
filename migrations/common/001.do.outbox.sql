-- The kit's transactional outbox; every service database has it (see ARCHITECTURE.md 5).
CREATE TABLE outbox (
  id           uuid PRIMARY KEY,
  topic        text NOT NULL,
  type         text NOT NULL,
  subject      text,
  data         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);
-- The relay only ever looks for unpublished rows, oldest first.
CREATE INDEX outbox_pending ON outbox (created_at, id) WHERE published_at IS NULL;
