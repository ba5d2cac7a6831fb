INSERT INTO wallet_transactions (id, wallet_id, type, amount, fee, currency, reference, lock_id, execution_id, available_after)
VALUES ($(id), $(walletId), $(type), $(amount), $(fee), $(currency), $(reference), $(lockId), $(executionId), $(availableAfter))
RETURNING *
