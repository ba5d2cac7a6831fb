SELECT * FROM proj_orders WHERE user_id = $(userId) ORDER BY placed_at, order_id
