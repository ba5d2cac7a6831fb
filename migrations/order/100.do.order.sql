-- Orders: what a client asked for, where its saga has taken it, and what filled. The status
-- names are the domain's (docs/domain.md, "Orders"); a terminal status never changes.
CREATE TABLE orders (
  id               uuid PRIMARY KEY,
  user_id          uuid NOT NULL,
  client_order_id  text NOT NULL,
  symbol           text NOT NULL,
  side             text NOT NULL CHECK (side IN ('BUY', 'SELL')),
  type             text NOT NULL CHECK (type IN ('MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LIMIT')),
  quantity         integer NOT NULL CHECK (quantity > 0),
  limit_price      numeric(20,4) CHECK (limit_price > 0),
  trigger_price    numeric(20,4) CHECK (trigger_price > 0),
  validity         text NOT NULL CHECK (validity IN ('DAY', 'IOC', 'GTC')),
  status           text NOT NULL CHECK (status IN ('NEW', 'VALIDATED', 'FUNDS_LOCKED', 'HOLDINGS_RESERVED', 'OPEN',
                                                   'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'FAILED')),
  filled_quantity  integer NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
  average_price    numeric(20,4),
  fees             numeric(20,4) NOT NULL DEFAULT 0,
  lock_id          uuid,
  locked_amount    numeric(20,4),
  reason           text,
  modifications    integer NOT NULL DEFAULT 0 CHECK (modifications >= 0),
  expires_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- the client's own id: the same one again from the same user is the same order
  UNIQUE (user_id, client_order_id)
);
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);

CREATE TABLE order_status_history (
  id         bigserial PRIMARY KEY,
  order_id   uuid NOT NULL REFERENCES orders (id),
  from_status text,
  to_status  text NOT NULL,
  note       text,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_history_by_order ON order_status_history (order_id, id);

-- The order's executions as the trade service reported them (in its answers or its events),
-- once each; `settled` once the money of the fill has moved.
CREATE TABLE order_fills (
  execution_id uuid PRIMARY KEY,
  order_id     uuid NOT NULL REFERENCES orders (id),
  quantity     integer NOT NULL CHECK (quantity > 0),
  price        numeric(20,4) NOT NULL CHECK (price > 0),
  fees         numeric(20,4) NOT NULL CHECK (fees >= 0),
  liquidity    text NOT NULL CHECK (liquidity IN ('MAKER', 'TAKER')),
  executed_at  timestamptz NOT NULL,
  settled      boolean NOT NULL DEFAULT false
);
CREATE INDEX order_fills_by_order ON order_fills (order_id, executed_at, execution_id);
