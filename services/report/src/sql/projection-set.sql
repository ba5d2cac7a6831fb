-- A rebuild's last step: each projection's count and last event, as the replay left them.
UPDATE projection_status
   SET events = $(events), last_event_id = $(eventId), last_event_type = $(type), last_event_at = $(time), last_applied_at = now()
 WHERE name = $(name)
