-- A posting moved this user's accounts: check them against the wallet a second from now
-- (the other events of the same movement, a settlement's release say, are in by then), or
-- sooner when a check is due already.
INSERT INTO reconciliation_due AS d (user_id, due_at) VALUES ($(userId), now() + interval '1 second')
ON CONFLICT (user_id) DO UPDATE SET due_at = LEAST(d.due_at, EXCLUDED.due_at)
