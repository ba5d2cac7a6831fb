-- Payments: money in (DEPOSIT) and out (WITHDRAWAL), each moved by a Dapr workflow whose
-- instance id is derived from the payment id. The status names are the domain's:
-- deposit CREATED → PENDING → SUCCEEDED | FAILED | EXPIRED,
-- withdrawal REQUESTED → FUNDS_LOCKED → PAID_OUT | FAILED.
CREATE TABLE payments (
  id                 uuid PRIMARY KEY,
  user_id            uuid NOT NULL,
  direction          text NOT NULL CHECK (direction IN ('DEPOSIT', 'WITHDRAWAL')),
  amount             numeric(20,4) NOT NULL CHECK (amount > 0),
  currency           char(3) NOT NULL,
  method             text NOT NULL CHECK (method IN ('UPI', 'NETBANKING', 'CARD')),
  provider           text NOT NULL,
  payer_handle       text NOT NULL,
  provider_reference text,
  status             text NOT NULL,
  lock_id            uuid,
  expires_at         timestamptz,
  failure_reason     text,
  -- the client's own Idempotency-Key, if it sent one: a retried request finds this payment
  client_key         text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1,
  CHECK ((direction = 'DEPOSIT' AND status IN ('CREATED', 'PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED'))
      OR (direction = 'WITHDRAWAL' AND status IN ('REQUESTED', 'FUNDS_LOCKED', 'PAID_OUT', 'FAILED'))),
  UNIQUE (user_id, client_key)
);
CREATE INDEX payments_by_user ON payments (user_id, created_at DESC, id DESC);
CREATE INDEX payments_unstarted ON payments (created_at) WHERE status IN ('CREATED', 'REQUESTED');

-- Every provider callback that passed its signature check, once per provider event id.
CREATE TABLE payment_webhooks (
  provider    text NOT NULL,
  event_id    text NOT NULL,
  payment_id  uuid NOT NULL REFERENCES payments (id),
  status      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

-- The embedded simulated provider's own book: what it was asked, what it will answer, and
-- whether its signed callback got through (it retries until it does, as a real one would).
CREATE TABLE simulator_requests (
  id           uuid PRIMARY KEY,
  payment_id   uuid NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('COLLECT', 'PAYOUT')),
  outcome      text NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'NEVER')),
  amount       numeric(20,4) NOT NULL,
  currency     char(3) NOT NULL,
  deliver_at   timestamptz NOT NULL,
  delivered_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (payment_id, kind)
);
CREATE INDEX simulator_due ON simulator_requests (deliver_at) WHERE delivered_at IS NULL AND outcome <> 'NEVER';
