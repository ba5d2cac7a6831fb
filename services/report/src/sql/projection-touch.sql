-- One more event applied by projection $(name).
UPDATE projection_status
   SET events = events + 1, last_event_id = $(eventId), last_event_type = $(type),
       last_event_at = GREATEST(coalesce(last_event_at, $(time)), $(time)), last_applied_at = now()
 WHERE name = $(name)
