-- Past their retention: the output is dropped, the row stays (so a download says 410, not 404).
UPDATE reports SET status = 'EXPIRED', csv = NULL, pdf = NULL
 WHERE status = 'COMPLETED' AND expires_at <= now()
