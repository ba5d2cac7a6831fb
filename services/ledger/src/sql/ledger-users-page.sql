-- The users the ledger has accounts of, in id order, after the previous page's last.
SELECT DISTINCT user_id FROM accounts
 WHERE user_id IS NOT NULL AND ($(after)::uuid IS NULL OR user_id > $(after)::uuid)
 ORDER BY user_id
 LIMIT $(limit)
