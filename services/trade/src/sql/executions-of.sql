SELECT * FROM executions WHERE order_id = $(orderId) ORDER BY executed_at, id
