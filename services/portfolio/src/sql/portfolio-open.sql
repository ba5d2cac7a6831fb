-- The user's default portfolio; a second call (user.registered after a fill, a redelivery
-- under another id) finds it there and changes nothing.
INSERT INTO portfolios (id, user_id, currency)
VALUES ($(id), $(userId), $(currency))
ON CONFLICT (user_id) DO NOTHING
