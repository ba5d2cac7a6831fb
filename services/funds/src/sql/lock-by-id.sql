SELECT * FROM fund_locks WHERE id = $(id)
