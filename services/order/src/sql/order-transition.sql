-- Moves an order to $(to) only from a status it may come from; no row otherwise (a
-- replayed activity finds the move already made).
UPDATE orders
   SET status = $(to),
       lock_id = COALESCE($(lockId), lock_id),
       locked_amount = COALESCE($(lockedAmount), locked_amount),
       reason = COALESCE($(reason), reason),
       updated_at = now()
 WHERE id = $(id) AND status = ANY ($(from)::text[])
RETURNING *
