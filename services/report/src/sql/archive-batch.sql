-- The next archived events after $(after), in the order they arrived.
SELECT seq, id, topic, type, event_time, data FROM report_events
 WHERE seq > $(after)
 ORDER BY seq
 LIMIT $(limit)
