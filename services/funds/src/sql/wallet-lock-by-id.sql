SELECT * FROM wallets WHERE id = $(id) FOR UPDATE
