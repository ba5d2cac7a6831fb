-- A lock settles in parts (one settlement per fill), can grow or shrink while its order is
-- open, and gives back its rest at the end. Every one of those is a movement with its own
-- id, and the ledger posts one entry per movement.
--
-- A lock's money: amount (all it was ever given: the lock and its growths) = spent (its
-- settlements) + released (its shrinks and its rest) + what it still holds. The wallet's
-- locked is the sum of what its open locks hold (the deferred trigger, redefined below).

ALTER TABLE fund_locks ADD COLUMN released numeric(20,4) NOT NULL DEFAULT 0 CHECK (released >= 0);

-- Locks closed before: a RELEASED lock gave back all of it, a SETTLED one what it did not spend.
UPDATE fund_locks SET released = amount - spent WHERE status <> 'LOCKED';

-- An open lock may have spent part of itself already; what it holds is never below zero,
-- and a closed lock holds nothing.
-- (fund_locks_check1 is 100's CHECK (status = 'SETTLED' OR spent = 0), named by PostgreSQL.)
ALTER TABLE fund_locks DROP CONSTRAINT fund_locks_check1;
ALTER TABLE fund_locks
  ADD CONSTRAINT fund_locks_held_not_negative CHECK (spent + released <= amount),
  ADD CONSTRAINT fund_locks_closed_holds_nothing CHECK (status = 'LOCKED' OR spent + released = amount);

-- Every change of a lock, each with its own id (the ledger keys its entry by it):
--   LOCK the first amount, GROW more of available, SHRINK some back, SETTLE a fill's cost
--   (with its wallet transaction), RELEASE the rest at the end.
-- A fill settles once per lock: UNIQUE (lock_id, execution_id). held_after and spent_after
-- are the lock's right after the movement, so a repeated settlement answers exactly what
-- the first one did.
CREATE TABLE fund_lock_movements (
  id             uuid PRIMARY KEY,
  lock_id        uuid NOT NULL REFERENCES fund_locks (id),
  kind           text NOT NULL CHECK (kind IN ('LOCK', 'GROW', 'SHRINK', 'SETTLE', 'RELEASE')),
  amount         numeric(20,4) NOT NULL CHECK (amount > 0),
  fee            numeric(20,4) NOT NULL DEFAULT 0 CHECK (fee >= 0 AND fee <= amount),
  execution_id   uuid,
  transaction_id uuid REFERENCES wallet_transactions (id),
  held_after     numeric(20,4) NOT NULL CHECK (held_after >= 0),
  spent_after    numeric(20,4) NOT NULL CHECK (spent_after >= 0),
  reason         text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fund_lock_movements_one_per_fill UNIQUE (lock_id, execution_id),
  CONSTRAINT fund_lock_movements_settle_has_transaction CHECK ((kind = 'SETTLE') = (transaction_id IS NOT NULL)),
  CONSTRAINT fund_lock_movements_only_settle_has_fee CHECK (kind = 'SETTLE' OR (fee = 0 AND execution_id IS NULL))
);
CREATE INDEX fund_lock_movements_by_lock ON fund_lock_movements (lock_id, created_at);

-- One movement per settlement, no longer one trade debit per reference: an order's lock pays
-- for each of its fills. Deposits and withdrawals stay once per reference (a payment); sale
-- proceeds once per reference and fill.
ALTER TABLE wallet_transactions ADD COLUMN execution_id uuid;
ALTER TABLE wallet_transactions DROP CONSTRAINT wallet_transactions_type_reference_key;
CREATE UNIQUE INDEX wallet_transactions_once_per_payment ON wallet_transactions (type, reference)
  WHERE type IN ('DEPOSIT', 'WITHDRAWAL');
CREATE UNIQUE INDEX wallet_transactions_credit_once_per_fill
  ON wallet_transactions (type, reference, COALESCE(execution_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE type = 'TRADE_CREDIT';
CREATE INDEX wallet_transactions_by_lock ON wallet_transactions (lock_id) WHERE lock_id IS NOT NULL;

-- locked = Σ what the open locks hold, for every wallet a transaction touched, at commit.
-- The same deferred constraint triggers as before call it.
CREATE OR REPLACE FUNCTION assert_wallet_locked(wallet uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  held numeric;
  sum_locks numeric;
BEGIN
  SELECT w.locked, COALESCE((SELECT sum(l.amount - l.spent - l.released) FROM fund_locks l WHERE l.wallet_id = w.id AND l.status = 'LOCKED'), 0)
    INTO held, sum_locks FROM wallets w WHERE w.id = wallet;
  IF held IS DISTINCT FROM sum_locks THEN
    RAISE EXCEPTION 'wallet % has locked % but its LOCKED fund locks sum to %', wallet, held, sum_locks
      USING ERRCODE = 'check_violation';
  END IF;
END $$;
