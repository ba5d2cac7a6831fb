-- Returns a row only the first time this consumer sees this event id.
INSERT INTO inbox (consumer, event_id, type)
VALUES ($(consumer), $(eventId), $(type))
ON CONFLICT (consumer, event_id) DO NOTHING
RETURNING event_id
