-- A reservation with whose and of what it is.
SELECT r.*, p.user_id, h.symbol
  FROM holding_reservations r
  JOIN holdings h ON h.id = r.holding_id
  JOIN portfolios p ON p.id = h.portfolio_id
 WHERE r.order_id = $(orderId)
