-- Everything told to one saga, oldest first: part of its history for operators.
SELECT id, event_name, payload, delivered_at, attempts, last_error, created_at FROM saga_signals WHERE instance_id = $(instanceId) ORDER BY id
