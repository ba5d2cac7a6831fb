SELECT * FROM wallet_transactions WHERE id = $(id)
