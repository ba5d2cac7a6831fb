-- An event into the archive; nothing when its id is there already (a redelivery).
INSERT INTO report_events (id, topic, type, subject, event_time, data)
VALUES ($(id), $(topic), $(type), $(subject), $(time), $(data:json))
ON CONFLICT (id) DO NOTHING
RETURNING seq
