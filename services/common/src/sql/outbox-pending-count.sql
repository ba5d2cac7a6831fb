SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL
