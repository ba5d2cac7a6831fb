SELECT * FROM fund_locks WHERE wallet_id = $(walletId) AND status = 'LOCKED' ORDER BY created_at
