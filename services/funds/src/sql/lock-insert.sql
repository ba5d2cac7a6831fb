INSERT INTO fund_locks (id, wallet_id, currency, amount, reference, purpose)
VALUES ($(id), $(walletId), $(currency), $(amount), $(reference), $(purpose))
RETURNING *
