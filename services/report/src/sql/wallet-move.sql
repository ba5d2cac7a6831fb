-- A funds movement's change to the wallet's available and locked amounts.
INSERT INTO proj_wallets (user_id, currency, wallet_id, available, locked, movements, updated_at)
VALUES ($(userId), $(currency), $(walletId), $(available), $(locked), $(counted), $(time))
ON CONFLICT (user_id, currency) DO UPDATE
   SET available = proj_wallets.available + EXCLUDED.available, locked = proj_wallets.locked + EXCLUDED.locked,
       movements = proj_wallets.movements + EXCLUDED.movements, updated_at = GREATEST(proj_wallets.updated_at, EXCLUDED.updated_at)
