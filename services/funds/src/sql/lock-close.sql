-- LOCKED → RELEASED or SETTLED; only a LOCKED lock closes (no row otherwise).
UPDATE fund_locks
   SET status = $(status), spent = $(spent), reason = $(reason), updated_at = now(), version = version + 1
 WHERE id = $(id) AND status = 'LOCKED'
RETURNING *
