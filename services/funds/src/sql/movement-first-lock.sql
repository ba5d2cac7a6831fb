-- The movement a lock was made with (its first amount, before any growth or shrink).
SELECT * FROM fund_lock_movements WHERE lock_id = $(lockId) AND kind = 'LOCK'
