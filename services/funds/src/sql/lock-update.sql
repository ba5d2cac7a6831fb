-- A change of an open lock: its totals, and maybe its end (status RELEASED or SETTLED). Only
-- a LOCKED lock changes (no row otherwise); the table's checks keep what it holds >= 0.
UPDATE fund_locks
   SET amount = $(amount), spent = $(spent), released = $(released), status = $(status), reason = COALESCE($(reason), reason),
       updated_at = now(), version = version + 1
 WHERE id = $(id) AND status = 'LOCKED'
RETURNING *
