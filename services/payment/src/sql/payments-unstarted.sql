-- Payments whose saga may not have started (the process died between commit and start).
SELECT * FROM payments WHERE status IN ('CREATED', 'REQUESTED') AND created_at < now() - make_interval(secs => $(olderThanSeconds)) ORDER BY created_at LIMIT 100
