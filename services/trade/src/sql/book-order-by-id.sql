SELECT * FROM book_orders WHERE order_id = $(orderId)
