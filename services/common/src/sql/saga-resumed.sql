UPDATE saga_instances
   SET status = 'STARTED', stuck_reason = NULL, stuck_step = NULL, stuck_decisions = NULL, stuck_at = NULL,
       resolution = $(decision), resolved_by = $(by), resolved_at = now(), updated_at = now(), version = version + 1
 WHERE instance_id = $(instanceId) AND status = 'STUCK'
