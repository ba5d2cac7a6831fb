-- One page of accounts, in id order, as every service's session projection keeps them.
SELECT id AS user_id, status, roles, token_version
  FROM user_accounts
 WHERE $(after)::uuid IS NULL OR id > $(after)::uuid
 ORDER BY id
 LIMIT $(limit)
