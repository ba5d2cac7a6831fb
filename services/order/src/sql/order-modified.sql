-- A modification the book and the funds accepted: the new terms, counted.
UPDATE orders
   SET quantity = $(quantity), limit_price = $(limitPrice), locked_amount = COALESCE($(lockedAmount), locked_amount),
       modifications = modifications + 1, updated_at = now()
 WHERE id = $(id)
RETURNING *
