-- A new order; nothing when this user already placed one with this client order id (the
-- caller then reads that one).
INSERT INTO orders (id, user_id, client_order_id, symbol, side, type, quantity, limit_price, trigger_price, validity, status, expires_at)
VALUES ($(id), $(userId), $(clientOrderId), $(symbol), $(side), $(type), $(quantity), $(limitPrice), $(triggerPrice), $(validity), 'NEW', $(expiresAt))
ON CONFLICT (user_id, client_order_id) DO NOTHING
RETURNING *
