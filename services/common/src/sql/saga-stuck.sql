-- The saga says it is STUCK (recorded once per episode: a replayed activity changes nothing new).
INSERT INTO saga_instances (instance_id, workflow, input, status, stuck_reason, stuck_step, stuck_decisions, stuck_at)
VALUES ($(instanceId), 'unknown', '{}', 'STUCK', $(reason), $(step), $(decisions), now())
ON CONFLICT (instance_id) DO UPDATE
   SET status = 'STUCK', stuck_reason = EXCLUDED.stuck_reason, stuck_step = EXCLUDED.stuck_step,
       stuck_decisions = EXCLUDED.stuck_decisions,
       stuck_at = CASE WHEN saga_instances.status = 'STUCK' THEN saga_instances.stuck_at ELSE now() END,
       resolution = NULL, resolved_by = NULL, resolved_at = NULL, updated_at = now(), version = saga_instances.version + 1
RETURNING (xmax = 0) AS inserted, stuck_at
