-- One report due for generation, leased for $(leaseMs) ms and counted as one more attempt:
-- a PENDING one, or a RUNNING one whose generator's lease ran out (it died mid-way).
WITH due AS (
  SELECT id FROM reports
   WHERE status = 'PENDING' OR (status = 'RUNNING' AND lease_until < now())
   ORDER BY created_at
   LIMIT 1
   FOR UPDATE SKIP LOCKED
)
UPDATE reports r
   SET status = 'RUNNING', attempts = r.attempts + 1, lease_until = now() + make_interval(secs => $(leaseMs) / 1000.0), started_at = coalesce(r.started_at, now())
  FROM due WHERE r.id = due.id
RETURNING r.id, r.user_id, r.type, r.period_from::text, r.period_to::text, r.attempts
