-- The outbox publishes in the order events were written: a sequence the database hands out
-- at insert (an app's clock in milliseconds ties, and two events of one transaction could
-- swap). Only one relay of a service publishes at a time (a lease), so the order holds
-- across replicas too.
ALTER TABLE outbox ADD COLUMN seq bigserial;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;

-- Which relay publishes now: the holder renews its lease on every pass; when it dies, another
-- replica's relay takes the lease once it has expired.
CREATE TABLE outbox_relay_lease (
  name       text PRIMARY KEY,
  holder     text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
