SELECT * FROM wallets WHERE user_id = $(userId) AND currency = $(currency)
