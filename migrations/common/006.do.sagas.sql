-- The kit's saga book, in the saga owner's own database.
-- saga_instances: a saga to start is written in the same transaction as the business change
-- that asks for it (a payment, an order), and a dispatcher starts it on Dapr Workflow: a
-- request never waits on the workflow engine, and a saga whose start failed is started later.
-- A saga that can go neither forward nor back says STUCK here, with why, until an operator
-- decides (the admin route lists them).
CREATE TABLE saga_instances (
  instance_id      text PRIMARY KEY CHECK (instance_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  workflow         text NOT NULL,
  input            jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'STARTED', 'STUCK')),
  start_attempts   integer NOT NULL DEFAULT 0,
  last_error       text,
  stuck_reason     text,
  stuck_step       text,
  stuck_decisions  text[],
  stuck_at         timestamptz,
  resolution       text,
  resolved_by      text,
  resolved_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  CHECK ((status = 'STUCK') = (stuck_reason IS NOT NULL AND stuck_at IS NOT NULL))
);
CREATE INDEX saga_instances_pending ON saga_instances (created_at) WHERE status = 'PENDING';
CREATE INDEX saga_instances_stuck ON saga_instances (stuck_at) WHERE status = 'STUCK';

-- saga_signals: what an outsider told a waiting saga (a provider's confirmation, an
-- operator's decision), stored in the same transaction as its record, then raised into the
-- workflow; a relay raises again what could not be raised at once.
CREATE TABLE saga_signals (
  id            bigserial PRIMARY KEY,
  instance_id   text NOT NULL,
  event_name    text NOT NULL,
  payload       jsonb,
  -- what the signal answers (a provider event id), so a repeated callback signals once
  dedup_key     text UNIQUE,
  delivered_at  timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saga_signals_pending ON saga_signals (id) WHERE delivered_at IS NULL;
CREATE INDEX saga_signals_by_instance ON saga_signals (instance_id) WHERE delivered_at IS NULL;
