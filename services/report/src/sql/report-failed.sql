-- A failed attempt: FAILED for good after the last one, otherwise PENDING again.
UPDATE reports
   SET status = CASE WHEN $(final) THEN 'FAILED' ELSE 'PENDING' END, error = $(error), lease_until = NULL,
       completed_at = CASE WHEN $(final) THEN now() ELSE NULL END
 WHERE id = $(id) AND status = 'RUNNING' AND attempts = $(attempt)
