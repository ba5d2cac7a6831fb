-- Moves a payment to $(to) only from a status it may come from; no row otherwise (a
-- replayed activity finds the move already made).
UPDATE payments
   SET status = $(to),
       provider_reference = COALESCE($(providerReference), provider_reference),
       lock_id = COALESCE($(lockId), lock_id),
       failure_reason = COALESCE($(reason), failure_reason),
       updated_at = now(), version = version + 1
 WHERE id = $(id) AND status = ANY ($(from)::text[])
RETURNING *
