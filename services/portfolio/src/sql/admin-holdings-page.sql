-- Every holding with its owner (those sold down to 0 too), oldest first, after the cursor's
-- (created_at, id). bigint and numeric arrive as text.
SELECT h.id, h.symbol, h.currency, h.quantity, h.reserved_quantity, h.average_cost, h.realised_pnl, h.created_at, h.updated_at,
       p.user_id, to_char(h.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM holdings h
  JOIN portfolios p ON p.id = h.portfolio_id
 WHERE ($(symbol)::text IS NULL OR h.symbol = $(symbol)::text)
   AND ($(afterAt)::timestamptz IS NULL OR (h.created_at, h.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY h.created_at, h.id
 LIMIT $(limit)
