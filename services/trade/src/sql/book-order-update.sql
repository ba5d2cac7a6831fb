UPDATE book_orders
   SET state = $(state), filled_quantity = $(filledQuantity), open_quantity = $(openQuantity), quantity = $(quantity),
       limit_price = $(limitPrice), priority = $(priority), execution_count = $(executionCount), reason = COALESCE($(reason), reason), updated_at = now()
 WHERE order_id = $(orderId)
