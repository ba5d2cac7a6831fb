-- Every status a payment went through, with why: a deposit confirmed after it had expired
-- says so here, beside its SUCCEEDED.
CREATE TABLE payment_history (
  id          bigserial PRIMARY KEY,
  payment_id  uuid NOT NULL REFERENCES payments (id),
  from_status text,
  to_status   text NOT NULL,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_history_by_payment ON payment_history (payment_id, id);

-- A deposit the provider confirmed after it had EXPIRED (or after it was FAILED here) was
-- collected all the same: it is credited and ends SUCCEEDED; confirmed_late says so.
ALTER TABLE payments ADD COLUMN confirmed_late boolean NOT NULL DEFAULT false;

-- Client idempotency keys are the kit's now (one answer per key, refusing a key reused for
-- another request); the column stays for what was written with it.
ALTER TABLE payments DROP CONSTRAINT payments_user_id_client_key_key;
DROP INDEX payments_unstarted;
