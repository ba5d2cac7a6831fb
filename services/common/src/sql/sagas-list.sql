-- For operators: STUCK first (oldest first), then the rest, newest first.
SELECT * FROM saga_instances
 WHERE ($(status)::text IS NULL OR status = $(status))
 ORDER BY (status = 'STUCK') DESC, CASE WHEN status = 'STUCK' THEN stuck_at END ASC, created_at DESC
 LIMIT $(limit)
