-- The trade service's books and executions. A symbol's book lives in memory in the one
-- replica that hosts its actor; these rows are what it is rebuilt from after a restart or a
-- move: every order the book holds (resting, or waiting for its trigger) in priority order,
-- and every execution, once.
CREATE TABLE book_orders (
  order_id        uuid PRIMARY KEY,
  user_id         uuid NOT NULL,
  symbol          text NOT NULL,
  side            text NOT NULL CHECK (side IN ('BUY', 'SELL')),
  type            text NOT NULL CHECK (type IN ('MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LIMIT')),
  quantity        integer NOT NULL CHECK (quantity > 0),
  limit_price     numeric(20,4),
  trigger_price   numeric(20,4),
  validity        text NOT NULL CHECK (validity IN ('DAY', 'IOC', 'GTC')),
  state           text NOT NULL CHECK (state IN ('RESTING', 'WAITING_TRIGGER', 'DONE')),
  filled_quantity integer NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0),
  open_quantity   integer NOT NULL CHECK (open_quantity >= 0),
  -- time priority within the symbol's book (its sequence); a modification that loses priority takes a new one
  priority        bigint NOT NULL,
  -- how many executions it has had: the next one's id derives from this count
  execution_count integer NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (filled_quantity + open_quantity <= quantity)
);
CREATE INDEX book_orders_live ON book_orders (symbol, priority) WHERE state <> 'DONE';

CREATE TABLE executions (
  id                 uuid PRIMARY KEY,
  order_id           uuid NOT NULL REFERENCES book_orders (order_id),
  user_id            uuid NOT NULL,
  symbol             text NOT NULL,
  side               text NOT NULL CHECK (side IN ('BUY', 'SELL')),
  quantity           integer NOT NULL CHECK (quantity > 0),
  price              numeric(20,4) NOT NULL CHECK (price > 0),
  -- every charge of this fill, by kind, and their sum
  charges            jsonb NOT NULL,
  fees               numeric(20,4) NOT NULL CHECK (fees >= 0),
  liquidity          text NOT NULL CHECK (liquidity IN ('MAKER', 'TAKER')),
  -- the other side's order, or null when the simulated exchange took the other side
  counter_order_id   uuid,
  executed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX executions_by_order ON executions (order_id, executed_at, id);
