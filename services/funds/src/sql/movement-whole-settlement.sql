-- The settlement a lock settled whole in one step was closed with (no fill id).
SELECT * FROM fund_lock_movements WHERE lock_id = $(lockId) AND kind = 'SETTLE' AND execution_id IS NULL
