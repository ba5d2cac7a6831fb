INSERT INTO order_status_history (order_id, from_status, to_status, note) VALUES ($(orderId), $(from), $(to), $(note))
