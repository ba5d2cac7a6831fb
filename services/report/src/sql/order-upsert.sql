-- An order as the latest transition tells it; an older transition arriving late changes nothing.
INSERT INTO proj_orders (order_id, user_id, symbol, side, type, quantity, limit_price, filled_quantity, average_price, fees, status, reason, placed_at, updated_at)
VALUES ($(orderId), $(userId), $(symbol), $(side), $(type), $(quantity), $(limitPrice), $(filledQuantity), $(averagePrice), $(fees), $(status), $(reason), $(time), $(time))
ON CONFLICT (order_id) DO UPDATE
   SET quantity = EXCLUDED.quantity, limit_price = EXCLUDED.limit_price, filled_quantity = EXCLUDED.filled_quantity,
       average_price = EXCLUDED.average_price, fees = EXCLUDED.fees, status = EXCLUDED.status, reason = EXCLUDED.reason,
       placed_at = LEAST(proj_orders.placed_at, EXCLUDED.placed_at), updated_at = EXCLUDED.updated_at
 WHERE proj_orders.updated_at <= EXCLUDED.updated_at
