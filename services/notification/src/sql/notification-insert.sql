-- Nothing (no row) when this event already told this user this type of thing.
INSERT INTO notifications (id, user_id, seq, type, title, message, data, priority, status, muted, source_event_id)
VALUES ($(id), $(userId), $(seq), $(type), $(title), $(message), $(data)::jsonb, $(priority), $(status), $(muted), $(sourceEventId))
ON CONFLICT (user_id, type, source_event_id) DO NOTHING
RETURNING *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
