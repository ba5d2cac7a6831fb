UPDATE idempotency_keys SET status = $(status), response = $(response) WHERE key = $(key)
