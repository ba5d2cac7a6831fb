-- Tried and failed: again later, backing off up to a minute.
UPDATE simulator_requests
   SET attempts = attempts + 1, deliver_at = now() + make_interval(secs => least(60, power(2, attempts)::int))
 WHERE id = $(id)
