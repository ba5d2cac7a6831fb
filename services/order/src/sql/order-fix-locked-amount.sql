UPDATE orders SET locked_amount = COALESCE(locked_amount, $(amount)) WHERE id = $(id) RETURNING locked_amount
