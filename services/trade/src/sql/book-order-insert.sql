-- An order the book took; nothing when it took it before (a repeated submit).
INSERT INTO book_orders (order_id, user_id, symbol, side, type, quantity, limit_price, trigger_price, protection_price, validity, state, filled_quantity, open_quantity, priority, execution_count, reason)
VALUES ($(orderId), $(userId), $(symbol), $(side), $(type), $(quantity), $(limitPrice), $(triggerPrice), $(protectionPrice), $(validity), $(state), $(filledQuantity), $(openQuantity), $(priority), $(executionCount), $(reason))
ON CONFLICT (order_id) DO NOTHING
RETURNING order_id
