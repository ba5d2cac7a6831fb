SELECT * FROM proj_wallets WHERE user_id = $(userId) AND currency = $(currency)
