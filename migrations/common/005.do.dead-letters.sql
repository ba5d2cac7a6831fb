-- The kit's dead-letter store: every message this app's subscriptions gave up on (a payload
-- that broke its contract, a handler that called it poison, or Dapr's retries exhausted)
-- arrives on the app's dead-letter topic and is kept here, with why, until an operator
-- replays it. A replay runs the same handler through the inbox, so an event applied
-- meanwhile changes nothing.
CREATE TABLE dead_letters (
  id           uuid PRIMARY KEY,
  -- the original CloudEvent's id, type and subject (for money events: the user id)
  event_id     text NOT NULL,
  topic        text NOT NULL,
  type         text NOT NULL,
  subject      text,
  reason       text NOT NULL,
  -- the whole CloudEvent as it was dead-lettered
  event        jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  replayed_at  timestamptz,
  replay_outcome text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- one message may be dead-lettered again after a replay; it is kept once
  UNIQUE (topic, event_id)
);
CREATE INDEX dead_letters_open ON dead_letters (received_at) WHERE replayed_at IS NULL;
CREATE INDEX dead_letters_by_subject ON dead_letters (subject) WHERE replayed_at IS NULL;
