-- A deposit that ended uncredited (EXPIRED, or FAILED here) and was confirmed after all.
UPDATE payments
   SET status = 'SUCCEEDED', confirmed_late = true, updated_at = now(), version = version + 1
 WHERE id = $(id) AND direction = 'DEPOSIT' AND status IN ('EXPIRED', 'FAILED')
RETURNING *
