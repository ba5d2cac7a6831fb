-- Signals not raised yet, in the order they were stored; a second relay skips the rows this one holds.
SELECT s.id, s.instance_id, s.event_name, s.payload, s.attempts, i.status AS saga_status
  FROM saga_signals s LEFT JOIN saga_instances i ON i.instance_id = s.instance_id
 WHERE s.delivered_at IS NULL AND ($(instanceId)::text IS NULL OR s.instance_id = $(instanceId))
 ORDER BY s.id
 LIMIT $(limit)
   FOR UPDATE OF s SKIP LOCKED
