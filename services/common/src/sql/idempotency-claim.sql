-- The first request with a key inserts it; a concurrent one waits here until the first
-- commits, then finds it (no row returned).
INSERT INTO idempotency_keys (key, request_hash, status) VALUES ($(key), $(requestHash), 0)
ON CONFLICT (key) DO NOTHING
RETURNING key
