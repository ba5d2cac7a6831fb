-- Wallets: one per user and currency. Both balances can never go negative (CHECK), and
-- `locked` always equals the sum of the wallet's LOCKED fund locks (checked at commit by a
-- constraint trigger), so no code path can lose or invent money in use.
CREATE TABLE wallets (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  currency   char(3) NOT NULL,
  available  numeric(20,4) NOT NULL DEFAULT 0 CHECK (available >= 0),
  locked     numeric(20,4) NOT NULL DEFAULT 0 CHECK (locked >= 0),
  status     text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version    integer NOT NULL DEFAULT 1,
  UNIQUE (user_id, currency)
);

-- Money set aside for an order or a withdrawal: one lock per reference (the order or
-- payment id). LOCKED ends as RELEASED (back to available) or SETTLED (spent; what was not
-- spent is released in the same step).
CREATE TABLE fund_locks (
  id         uuid PRIMARY KEY,
  wallet_id  uuid NOT NULL REFERENCES wallets (id),
  currency   char(3) NOT NULL,
  amount     numeric(20,4) NOT NULL CHECK (amount > 0),
  spent      numeric(20,4) NOT NULL DEFAULT 0 CHECK (spent >= 0 AND spent <= amount),
  reference  text NOT NULL UNIQUE,
  purpose    text NOT NULL CHECK (purpose IN ('ORDER', 'WITHDRAWAL')),
  status     text NOT NULL DEFAULT 'LOCKED' CHECK (status IN ('LOCKED', 'RELEASED', 'SETTLED')),
  reason     text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version    integer NOT NULL DEFAULT 1,
  CHECK (status = 'SETTLED' OR spent = 0)
);
CREATE INDEX fund_locks_by_wallet ON fund_locks (wallet_id) WHERE status = 'LOCKED';

-- Money that came in or went out. One row per movement and reference: a deposit is
-- credited once whatever the retries.
CREATE TABLE wallet_transactions (
  id          uuid PRIMARY KEY,
  wallet_id   uuid NOT NULL REFERENCES wallets (id),
  type        text NOT NULL CHECK (type IN ('DEPOSIT', 'WITHDRAWAL', 'TRADE_DEBIT', 'TRADE_CREDIT', 'FEE')),
  status      text NOT NULL DEFAULT 'COMPLETED' CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED')),
  amount      numeric(20,4) NOT NULL CHECK (amount > 0),
  fee         numeric(20,4) NOT NULL DEFAULT 0 CHECK (fee >= 0 AND fee <= amount),
  currency    char(3) NOT NULL,
  reference   text NOT NULL,
  lock_id     uuid REFERENCES fund_locks (id),
  -- what the wallet held after this movement, for the statement
  available_after numeric(20,4) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (type, reference)
);
CREATE INDEX wallet_transactions_page ON wallet_transactions (wallet_id, created_at DESC, id DESC);

-- locked = Σ LOCKED locks, for every wallet a transaction touched, at commit.
CREATE FUNCTION assert_wallet_locked(wallet uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  held numeric;
  sum_locks numeric;
BEGIN
  SELECT w.locked, COALESCE((SELECT sum(l.amount) FROM fund_locks l WHERE l.wallet_id = w.id AND l.status = 'LOCKED'), 0)
    INTO held, sum_locks FROM wallets w WHERE w.id = wallet;
  IF held IS DISTINCT FROM sum_locks THEN
    RAISE EXCEPTION 'wallet % has locked % but its LOCKED fund locks sum to %', wallet, held, sum_locks
      USING ERRCODE = 'check_violation';
  END IF;
END $$;

CREATE FUNCTION wallets_check_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assert_wallet_locked(NEW.id);
  RETURN NULL;
END $$;

CREATE FUNCTION fund_locks_check_wallet() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assert_wallet_locked(NEW.wallet_id);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER wallets_locked_matches_locks AFTER INSERT OR UPDATE ON wallets
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION wallets_check_locked();
CREATE CONSTRAINT TRIGGER fund_locks_match_wallet AFTER INSERT OR UPDATE ON fund_locks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fund_locks_check_wallet();
