-- A message given up on, kept once per (topic, event id); one dead-lettered again after a
-- replay is open again, with the newer reason.
INSERT INTO dead_letters (id, event_id, topic, type, subject, reason, event)
VALUES ($(id), $(eventId), $(topic), $(type), $(subject), $(reason), $(event))
ON CONFLICT (topic, event_id) DO UPDATE
   SET reason = EXCLUDED.reason, event = EXCLUDED.event, received_at = now(), replayed_at = NULL, replay_outcome = NULL
RETURNING id
