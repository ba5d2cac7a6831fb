UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY ($(ids)::uuid[])
