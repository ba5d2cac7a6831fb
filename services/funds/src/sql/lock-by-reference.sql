SELECT * FROM fund_locks WHERE reference = $(reference)
