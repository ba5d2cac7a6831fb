-- The market's latest quotes, kept for when it does not answer. A quote older than the one
-- kept changes nothing (two requests may race with quotes of different ages). Callers pass
-- the rows sorted by symbol, so concurrent upserts lock rows in one order.
INSERT INTO last_prices (symbol, currency, last, previous_close, quoted_at)
SELECT q.symbol, q.currency, q.last, q.previous_close, q.quoted_at
  FROM jsonb_to_recordset($(quotes)::jsonb) AS q(symbol text, currency text, last numeric, previous_close numeric, quoted_at timestamptz)
ON CONFLICT (symbol) DO UPDATE
   SET last = EXCLUDED.last, previous_close = EXCLUDED.previous_close, quoted_at = EXCLUDED.quoted_at,
       updated_at = now(), version = last_prices.version + 1
 WHERE last_prices.quoted_at < EXCLUDED.quoted_at
