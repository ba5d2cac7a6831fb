-- Callbacks due now; a second poller skips the rows this one holds.
SELECT * FROM simulator_requests
 WHERE delivered_at IS NULL AND outcome <> 'NEVER' AND deliver_at <= now()
 ORDER BY deliver_at
 LIMIT $(limit)
   FOR UPDATE SKIP LOCKED
