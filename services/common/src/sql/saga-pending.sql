-- Sagas not started yet, oldest first; another dispatcher (a replica) skips the rows this one holds.
SELECT instance_id, workflow, input, start_attempts FROM saga_instances
 WHERE status = 'PENDING' AND ($(instanceId)::text IS NULL OR instance_id = $(instanceId))
 ORDER BY created_at
 LIMIT $(limit)
   FOR UPDATE SKIP LOCKED
