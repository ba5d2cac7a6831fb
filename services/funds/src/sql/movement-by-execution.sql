-- The settlement of one fill out of one lock, if it was made.
SELECT * FROM fund_lock_movements WHERE lock_id = $(lockId) AND execution_id = $(executionId)
