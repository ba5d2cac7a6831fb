SELECT request_hash, status, response FROM idempotency_keys WHERE key = $(key)
