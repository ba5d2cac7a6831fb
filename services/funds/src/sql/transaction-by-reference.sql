SELECT * FROM wallet_transactions WHERE type = $(type) AND reference = $(reference)
