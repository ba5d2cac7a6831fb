UPDATE reports
   SET status = 'COMPLETED', csv = $(csv), pdf = $(pdf), summary = $(summary:json), row_count = $(rows), error = NULL,
       lease_until = NULL, completed_at = now(), expires_at = now() + make_interval(secs => $(retentionSeconds))
 WHERE id = $(id) AND status = 'RUNNING' AND attempts = $(attempt)
