-- No row when a signal with this dedup key was stored before.
INSERT INTO saga_signals (instance_id, event_name, payload, dedup_key) VALUES ($(instanceId), $(eventName), $(payload), $(dedupKey))
ON CONFLICT (dedup_key) DO NOTHING
RETURNING id
