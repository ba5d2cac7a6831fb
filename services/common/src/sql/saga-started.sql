UPDATE saga_instances SET status = 'STARTED', updated_at = now(), version = version + 1 WHERE instance_id = $(instanceId) AND status = 'PENDING'
