-- Called under the row lock; the version check guards against a caller that forgot it.
UPDATE holdings
   SET quantity = $(quantity), reserved_quantity = $(reservedQuantity), average_cost = $(averageCost),
       realised_pnl = $(realisedPnl), updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING *
