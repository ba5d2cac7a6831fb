-- Locks a batch so two relays (two replicas) never publish the same rows at once; oldest first.
SELECT id, topic, type, subject, data, created_at, attempts
  FROM outbox
 WHERE published_at IS NULL
 ORDER BY created_at, id
 LIMIT $(limit)
   FOR UPDATE SKIP LOCKED
