-- Writes a batch of quotes. A row already at a later version than the one written is left
-- alone, so a batch that lost a race never puts an older quote back.
INSERT INTO quotes (symbol, currency, last, bid, ask, open, high, low, previous_close, volume, session_date, quoted_at, version)
SELECT q.symbol, q.currency, q.last, q.bid, q.ask, q.open, q.high, q.low, q.previous_close, q.volume, q.session_date, q.quoted_at, q.version
  FROM jsonb_to_recordset($(rows)::jsonb) AS q (
    symbol text, currency text, last numeric(20,4), bid numeric(20,4), ask numeric(20,4), open numeric(20,4), high numeric(20,4),
    low numeric(20,4), previous_close numeric(20,4), volume bigint, session_date date, quoted_at timestamptz, version integer)
ON CONFLICT (symbol) DO UPDATE
   SET last = EXCLUDED.last, bid = EXCLUDED.bid, ask = EXCLUDED.ask, open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
       previous_close = EXCLUDED.previous_close, volume = EXCLUDED.volume, session_date = EXCLUDED.session_date,
       quoted_at = EXCLUDED.quoted_at, version = EXCLUDED.version, updated_at = now()
 WHERE quotes.version < EXCLUDED.version
