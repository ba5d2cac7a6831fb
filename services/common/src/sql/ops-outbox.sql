-- The outbox backlog: events written and not published yet, and how long the oldest has waited.
SELECT count(*)::int AS pending, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL
