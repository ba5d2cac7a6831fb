-- Taken after the holding's lock (see holding-lock.sql).
SELECT r.*, p.user_id, h.symbol
  FROM holding_reservations r
  JOIN holdings h ON h.id = r.holding_id
  JOIN portfolios p ON p.id = h.portfolio_id
 WHERE r.order_id = $(orderId)
   FOR UPDATE OF r
