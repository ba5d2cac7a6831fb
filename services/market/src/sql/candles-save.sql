-- Writes a batch of candles, open and closed. A closed candle never changes again; an open
-- one only moves forward (a later version), so racing writers cannot put an older one back.
INSERT INTO candles (symbol, candle_interval, start_at, open, high, low, close, volume, currency, closed, version)
SELECT c.symbol, c.candle_interval, c.start_at, c.open, c.high, c.low, c.close, c.volume, c.currency, c.closed, c.version
  FROM jsonb_to_recordset($(rows)::jsonb) AS c (
    symbol text, candle_interval text, start_at timestamptz, open numeric(20,4), high numeric(20,4), low numeric(20,4),
    close numeric(20,4), volume bigint, currency text, closed boolean, version integer)
ON CONFLICT (symbol, candle_interval, start_at) DO UPDATE
   SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume,
       closed = EXCLUDED.closed, version = EXCLUDED.version, updated_at = now()
 WHERE NOT candles.closed AND (EXCLUDED.closed OR candles.version < EXCLUDED.version)
