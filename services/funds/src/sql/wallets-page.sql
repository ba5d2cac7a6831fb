-- Every wallet of a currency in user id order, after the previous page's last user.
SELECT * FROM wallets
 WHERE currency = $(currency) AND ($(after)::uuid IS NULL OR user_id > $(after)::uuid)
 ORDER BY user_id
 LIMIT $(limit)
