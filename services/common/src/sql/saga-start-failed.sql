UPDATE saga_instances SET start_attempts = start_attempts + 1, last_error = $(error), updated_at = now() WHERE instance_id = $(instanceId)
