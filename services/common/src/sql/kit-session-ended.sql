INSERT INTO kit_ended_sessions (session_id, user_id, until)
VALUES ($(sessionId), $(userId), $(until))
ON CONFLICT (session_id) DO UPDATE SET until = GREATEST(kit_ended_sessions.until, EXCLUDED.until)
