INSERT INTO outbox (id, topic, type, subject, data, created_at)
VALUES ($(id), $(topic), $(type), $(subject), $(data), $(time))
