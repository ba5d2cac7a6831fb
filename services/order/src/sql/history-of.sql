SELECT from_status, to_status, note, at FROM order_status_history WHERE order_id = $(orderId) ORDER BY id
