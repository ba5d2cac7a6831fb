-- A saga to start; asking twice for one instance is asking once.
INSERT INTO saga_instances (instance_id, workflow, input) VALUES ($(instanceId), $(workflow), $(input))
ON CONFLICT (instance_id) DO NOTHING
RETURNING instance_id
