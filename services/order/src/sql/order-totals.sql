-- The order's fills as they stand, summed (its fills are the only source of these columns).
UPDATE orders
   SET filled_quantity = $(filledQuantity), average_price = $(averagePrice), fees = $(fees), updated_at = now()
 WHERE id = $(id)
RETURNING *
