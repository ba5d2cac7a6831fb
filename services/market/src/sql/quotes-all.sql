SELECT symbol, currency, last, bid, ask, open, high, low, previous_close, volume,
       to_char(session_date, 'YYYY-MM-DD') AS session_date, quoted_at, version
  FROM quotes
