-- Reserves in one statement under the row lock: concurrent reservations queue on the row
-- and each sees the reserved quantity the one before left, so none can take shares another
-- has. No row: the free quantity is short (or there is no such holding).
UPDATE holdings
   SET reserved_quantity = reserved_quantity + $(quantity), updated_at = now(), version = version + 1
 WHERE portfolio_id = $(portfolioId) AND symbol = $(symbol) AND quantity - reserved_quantity >= $(quantity)
RETURNING *
