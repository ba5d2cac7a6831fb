-- Every wallet (of one currency, when given) oldest first, after the cursor's (created_at, id).
-- page_at keeps the microseconds a JavaScript Date would lose.
SELECT w.*, to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM wallets w
 WHERE ($(currency)::text IS NULL OR w.currency = $(currency)::text)
   AND ($(afterAt)::timestamptz IS NULL OR (w.created_at, w.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY w.created_at, w.id
 LIMIT $(limit)
