-- The report service: an archive of every event it received, the projections built from
-- them (dropped and replayed from the archive by a rebuild), and the reports it generated.
-- Nothing here is read from another service's database.

-- Every event received, by its id, in the order it arrived: what a rebuild replays.
CREATE TABLE report_events (
  seq          bigserial UNIQUE,
  id           text PRIMARY KEY,
  topic        text NOT NULL,
  type         text NOT NULL,
  subject      text,
  event_time   timestamptz NOT NULL,
  data         jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- Per projection: how many events it applied, the last one, and when (its lag).
CREATE TABLE projection_status (
  name             text PRIMARY KEY,
  events           bigint NOT NULL DEFAULT 0,
  last_event_id    text,
  last_event_type  text,
  last_event_at    timestamptz,
  last_applied_at  timestamptz
);
INSERT INTO projection_status (name) VALUES ('orders'), ('fills'), ('ledger'), ('wallets'), ('prices');

-- Orders as they stand after the latest transition seen (an older one arriving late changes nothing).
CREATE TABLE proj_orders (
  order_id         uuid PRIMARY KEY,
  user_id          uuid NOT NULL,
  symbol           text NOT NULL,
  side             text NOT NULL,
  type             text NOT NULL,
  quantity         integer NOT NULL,
  limit_price      numeric(20,4),
  filled_quantity  integer NOT NULL,
  average_price    numeric(20,4),
  fees             numeric(20,4) NOT NULL,
  status           text NOT NULL,
  reason           text,
  placed_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX proj_orders_by_user ON proj_orders (user_id, placed_at);

-- One row per fill (trade.executed), with its charges as the trade service computed them.
CREATE TABLE proj_fills (
  execution_id     uuid PRIMARY KEY,
  order_id         uuid NOT NULL,
  user_id          uuid NOT NULL,
  symbol           text NOT NULL,
  side             text NOT NULL CHECK (side IN ('BUY', 'SELL')),
  quantity         integer NOT NULL CHECK (quantity > 0),
  price            numeric(20,4) NOT NULL,
  fees             numeric(20,4) NOT NULL,
  -- Null for fills published before charges were itemised: only their total (fees) is known.
  brokerage        numeric(20,4),
  stt              numeric(20,4),
  exchange_charge  numeric(20,4),
  sebi_fee         numeric(20,4),
  stamp_duty       numeric(20,4),
  gst              numeric(20,4),
  currency         text NOT NULL,
  liquidity        text NOT NULL,
  executed_at      timestamptz NOT NULL
);
CREATE INDEX proj_fills_by_user ON proj_fills (user_id, executed_at, execution_id);

-- The ledger's journal entries, with their postings and their sums.
CREATE TABLE proj_ledger_entries (
  entry_id        uuid PRIMARY KEY,
  kind            text NOT NULL,
  reference_type  text NOT NULL,
  reference_id    text NOT NULL,
  currency        text NOT NULL,
  user_id         uuid,
  posted_at       timestamptz NOT NULL,
  debits          numeric(20,4) NOT NULL,
  credits         numeric(20,4) NOT NULL,
  postings        jsonb NOT NULL
);
CREATE INDEX proj_ledger_by_user ON proj_ledger_entries (user_id, posted_at, entry_id);
CREATE INDEX proj_ledger_by_currency ON proj_ledger_entries (currency);

-- Wallets from the funds events: each movement's delta on available and locked.
CREATE TABLE proj_wallets (
  user_id     uuid NOT NULL,
  currency    text NOT NULL,
  wallet_id   uuid NOT NULL,
  available   numeric(20,4) NOT NULL DEFAULT 0,
  locked      numeric(20,4) NOT NULL DEFAULT 0,
  movements   integer NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, currency)
);

-- The latest quote per symbol (market.quote-updated), for unrealised P&L.
CREATE TABLE proj_prices (
  symbol  text PRIMARY KEY,
  last    numeric(20,4) NOT NULL,
  at      timestamptz NOT NULL
);

-- Reports asked for, and their output once generated. A generator claims one by a lease
-- (lease_until): one that dies mid-way leaves it claimable again after the lease.
CREATE TABLE reports (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL,
  type          text NOT NULL,
  period_from   date,
  period_to     date NOT NULL,
  status        text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'EXPIRED')),
  attempts      integer NOT NULL DEFAULT 0,
  lease_until   timestamptz,
  error         text,
  summary       jsonb,
  row_count     integer,
  csv           bytea,
  pdf           bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  completed_at  timestamptz,
  expires_at    timestamptz
);
CREATE INDEX reports_by_user ON reports (user_id, created_at DESC, id DESC);
CREATE INDEX reports_due ON reports (created_at) WHERE status IN ('PENDING', 'RUNNING');
