-- The portfolio service's tables: portfolios, holdings with their cost basis, reservations
-- of shares for open SELL orders, the fills applied, and the last prices seen.

-- One portfolio per user, the default one, opened by user.registered or by the user's first
-- fill, whichever arrives first. Its currency is every holding's currency (the key
-- (id, currency) lets holdings refer to both, so a holding cannot differ from it).
CREATE TABLE portfolios (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL UNIQUE,
  name       text NOT NULL DEFAULT 'Default',
  currency   char(3) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version    integer NOT NULL DEFAULT 1,
  UNIQUE (id, currency)
);

-- Quantities are whole shares (bigint: exact, like NUMERIC, and what the trade contract
-- sends). The average cost is per share with buy fees included, kept to 8 decimals: it is a
-- quotient, and rounding it to 4 at every buy would let quantity x average drift from what
-- was paid by up to 0.00005 per share (0.5 on 10,000 shares); with 8 decimals the drift
-- stays within 0.0001 for holdings of up to 20,000 shares. Amounts shown are rounded to 4.
-- A holding sold down to 0 is kept, with its realised P&L, for history.
CREATE TABLE holdings (
  id                uuid PRIMARY KEY,
  portfolio_id      uuid NOT NULL,
  symbol            text NOT NULL,
  currency          char(3) NOT NULL,
  quantity          bigint NOT NULL DEFAULT 0,
  reserved_quantity bigint NOT NULL DEFAULT 0,
  average_cost      numeric(20, 8) NOT NULL DEFAULT 0,
  realised_pnl      numeric(20, 4) NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  UNIQUE (portfolio_id, symbol),
  FOREIGN KEY (portfolio_id, currency) REFERENCES portfolios (id, currency),
  CONSTRAINT holdings_quantity_not_negative CHECK (quantity >= 0),
  CONSTRAINT holdings_reserved_not_negative CHECK (reserved_quantity >= 0),
  -- Nobody can reserve (or sell) shares that are not there: the last line of defence
  -- behind the conditional UPDATE that reserves under the row lock.
  CONSTRAINT holdings_reserved_within_quantity CHECK (reserved_quantity <= quantity),
  CONSTRAINT holdings_average_cost_not_negative CHECK (average_cost >= 0)
);

-- Shares set aside for one open SELL order. consumed: shares of it that have left the
-- holding (sold); released: handed back. requested_consumed and filled_quantity are the two
-- reports of the same sales (the saga's consume calls, the order's fills); the larger of
-- the two is what was sold, so whichever arrives first takes the shares out and the other
-- only catches up.
CREATE TABLE holding_reservations (
  id                  uuid PRIMARY KEY,
  order_id            uuid NOT NULL UNIQUE,
  holding_id          uuid NOT NULL REFERENCES holdings (id),
  quantity            bigint NOT NULL,
  consumed_quantity   bigint NOT NULL DEFAULT 0,
  released_quantity   bigint NOT NULL DEFAULT 0,
  requested_consumed  bigint NOT NULL DEFAULT 0,
  filled_quantity     bigint NOT NULL DEFAULT 0,
  status              text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RELEASED', 'CONSUMED')),
  -- Why the saga released it (the order cancelled, expired, rejected), when it said.
  release_reason      text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1,
  CONSTRAINT reservations_quantity_positive CHECK (quantity > 0),
  CONSTRAINT reservations_counts_not_negative CHECK (consumed_quantity >= 0 AND released_quantity >= 0 AND requested_consumed >= 0 AND filled_quantity >= 0),
  CONSTRAINT reservations_within_quantity CHECK (consumed_quantity + released_quantity <= quantity),
  -- ACTIVE exactly while something is still set aside.
  CONSTRAINT reservations_status_matches CHECK ((status = 'ACTIVE') = (consumed_quantity + released_quantity < quantity))
);
CREATE INDEX holding_reservations_active ON holding_reservations (holding_id) WHERE status = 'ACTIVE';

-- A holding's reserved quantity is exactly what its ACTIVE reservations still set aside,
-- checked at commit (deferred: a change touches both tables, one statement at a time).
CREATE FUNCTION holdings_check_reserved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  holding uuid;
  reserved bigint;
  open bigint;
BEGIN
  IF TG_TABLE_NAME = 'holdings' THEN
    holding := NEW.id;
  ELSE
    holding := NEW.holding_id;
  END IF;
  SELECT h.reserved_quantity INTO reserved FROM holdings h WHERE h.id = holding;
  SELECT COALESCE(sum(r.quantity - r.consumed_quantity - r.released_quantity), 0) INTO open
    FROM holding_reservations r WHERE r.holding_id = holding AND r.status = 'ACTIVE';
  IF reserved <> open THEN
    RAISE EXCEPTION 'holding % has % reserved but its active reservations set aside %', holding, reserved, open
      USING ERRCODE = 'check_violation', CONSTRAINT = 'holdings_reserved_matches_reservations';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER holdings_reserved_matches_reservations
  AFTER INSERT OR UPDATE OF reserved_quantity ON holdings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION holdings_check_reserved();
CREATE CONSTRAINT TRIGGER reservations_match_holding
  AFTER INSERT OR UPDATE ON holding_reservations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION holdings_check_reserved();

-- Every fill applied, once per execution (the inbox already applies each event once; this
-- also holds when one execution arrives under two event ids). Append-only.
CREATE TABLE holding_fills (
  execution_id       uuid PRIMARY KEY,
  holding_id         uuid NOT NULL REFERENCES holdings (id),
  order_id           uuid NOT NULL,
  side               text NOT NULL CHECK (side IN ('BUY', 'SELL')),
  quantity           bigint NOT NULL CHECK (quantity > 0),
  price              numeric(20, 4) NOT NULL CHECK (price > 0),
  fees               numeric(20, 4) NOT NULL CHECK (fees >= 0),
  currency           char(3) NOT NULL,
  -- What a SELL booked; 0 for a BUY.
  realised_pnl       numeric(20, 4) NOT NULL,
  average_cost_after numeric(20, 8) NOT NULL,
  executed_at        timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX holding_fills_by_holding ON holding_fills (holding_id, executed_at);

-- The last quote the market service gave for each symbol, so holdings still have a price
-- (marked stale) while it is down. quoted_at is the market's own time of the quote.
CREATE TABLE last_prices (
  symbol         text PRIMARY KEY,
  currency       char(3) NOT NULL,
  last           numeric(20, 4) NOT NULL CHECK (last > 0),
  previous_close numeric(20, 4) CHECK (previous_close > 0),
  quoted_at      timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
