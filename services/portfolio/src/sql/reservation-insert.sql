INSERT INTO holding_reservations (id, order_id, holding_id, quantity)
VALUES ($(id), $(orderId), $(holdingId), $(quantity))
