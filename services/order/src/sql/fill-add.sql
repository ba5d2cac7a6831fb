-- An execution of the order, once (the trade service's answers and its events both report it).
INSERT INTO order_fills (execution_id, order_id, quantity, price, fees, liquidity, executed_at)
VALUES ($(executionId), $(orderId), $(quantity), $(price), $(fees), $(liquidity), $(executedAt))
ON CONFLICT (execution_id) DO NOTHING
RETURNING execution_id
