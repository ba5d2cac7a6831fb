SELECT * FROM user_accounts WHERE id = $(id)
