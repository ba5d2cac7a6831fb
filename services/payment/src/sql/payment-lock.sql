-- The payment, row-locked until the transaction ends: a provider's result and the saga's
-- deadline decide one after the other, never both at once.
SELECT * FROM payments WHERE id = $(id) FOR UPDATE
