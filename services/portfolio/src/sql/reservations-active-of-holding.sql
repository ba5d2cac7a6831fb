SELECT r.*, p.user_id, h.symbol
  FROM holding_reservations r
  JOIN holdings h ON h.id = r.holding_id
  JOIN portfolios p ON p.id = h.portfolio_id
 WHERE r.holding_id = $(holdingId) AND r.status = 'ACTIVE'
 ORDER BY r.created_at, r.id
