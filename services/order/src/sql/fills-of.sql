SELECT * FROM order_fills WHERE order_id = $(orderId) ORDER BY executed_at, execution_id
