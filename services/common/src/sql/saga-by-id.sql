SELECT * FROM saga_instances WHERE instance_id = $(instanceId)
