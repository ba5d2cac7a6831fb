-- Check this user at $(at), or sooner when a check is due already.
INSERT INTO reconciliation_due AS d (user_id, due_at) VALUES ($(userId), $(at))
ON CONFLICT (user_id) DO UPDATE SET due_at = LEAST(d.due_at, EXCLUDED.due_at)
