INSERT INTO executions (id, order_id, user_id, symbol, side, quantity, price, charges, fees, liquidity, counter_order_id, executed_at)
VALUES ($(id), $(orderId), $(userId), $(symbol), $(side), $(quantity), $(price), $(charges), $(fees), $(liquidity), $(counterOrderId), $(executedAt))
ON CONFLICT (id) DO NOTHING
RETURNING id
