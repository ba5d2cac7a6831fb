-- One alert per flagged fill (a trade.executed whose quantity × price exceeded the threshold).
-- execution_id is the fill's own id: a redelivered event finds its alert already there.
CREATE TABLE alerts (
  alert_id        uuid PRIMARY KEY,
  execution_id    uuid NOT NULL UNIQUE,
  event_id        text NOT NULL,
  order_id        uuid NOT NULL,
  user_id         uuid NOT NULL,
  symbol          text NOT NULL,
  -- From the market service when the alert was raised; null when it did not list the symbol.
  instrument_name text,
  side            text NOT NULL CHECK (side IN ('BUY', 'SELL')),
  quantity        bigint NOT NULL CHECK (quantity > 0),
  price           numeric(20, 4) NOT NULL CHECK (price > 0),
  notional        numeric(28, 4) NOT NULL,
  threshold       numeric(28, 4) NOT NULL CHECK (notional > threshold),
  currency        char(3) NOT NULL,
  executed_at     timestamptz NOT NULL,
  flagged_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alerts_newest ON alerts (flagged_at DESC, alert_id DESC);
CREATE INDEX alerts_by_symbol ON alerts (symbol, flagged_at DESC);
