SELECT * FROM user_accounts WHERE lower(email) = lower($(email))
