-- The next unpublished events, in the order they were written. Only the lease holder reads
-- them, so no row lock is needed and no transaction is held while they are published.
SELECT id, topic, type, subject, data, created_at, attempts, seq
  FROM outbox
 WHERE published_at IS NULL
 ORDER BY seq
 LIMIT $(limit)
