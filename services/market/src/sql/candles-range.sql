-- Closed candles of one symbol and interval starting in [from, to), oldest first.
SELECT * FROM candles
 WHERE symbol = $(symbol) AND candle_interval = $(interval) AND closed
   AND start_at >= $(from) AND start_at < $(to)
 ORDER BY start_at
