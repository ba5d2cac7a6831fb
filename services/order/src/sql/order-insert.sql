-- A new order; nothing when this user already placed one with this client order id (the
-- caller then reads that one). A BUY comes with what it will lock, and a MARKET or STOP_LOSS
-- order with its protection price, both fixed at placement.
INSERT INTO orders (id, user_id, client_order_id, symbol, side, type, quantity, limit_price, trigger_price, protection_price, validity, status, expires_at, locked_amount)
VALUES ($(id), $(userId), $(clientOrderId), $(symbol), $(side), $(type), $(quantity), $(limitPrice), $(triggerPrice), $(protectionPrice), $(validity), 'NEW', $(expiresAt), $(lockedAmount))
ON CONFLICT (user_id, client_order_id) DO NOTHING
RETURNING *
