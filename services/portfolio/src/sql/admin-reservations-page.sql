-- Reservations with whose and of what they are, of one status when given, oldest first,
-- after the cursor's (created_at, id).
SELECT r.*, p.user_id, h.symbol, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM holding_reservations r
  JOIN holdings h ON h.id = r.holding_id
  JOIN portfolios p ON p.id = h.portfolio_id
 WHERE ($(status)::text IS NULL OR r.status = $(status)::text)
   AND ($(afterAt)::timestamptz IS NULL OR (r.created_at, r.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY r.created_at, r.id
 LIMIT $(limit)
