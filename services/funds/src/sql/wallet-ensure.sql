-- Opens the wallet when the user has none in that currency; no row when it already exists.
INSERT INTO wallets (id, user_id, currency) VALUES ($(id), $(userId), $(currency))
ON CONFLICT (user_id, currency) DO NOTHING
RETURNING *
