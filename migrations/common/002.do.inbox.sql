-- The kit's idempotent inbox: one row per (consumer, CloudEvent id) already applied.
CREATE TABLE inbox (
  consumer    text NOT NULL,
  event_id    text NOT NULL,
  type        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
