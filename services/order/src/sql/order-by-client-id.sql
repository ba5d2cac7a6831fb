SELECT * FROM orders WHERE user_id = $(userId) AND client_order_id = $(clientOrderId)
