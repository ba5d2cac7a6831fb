-- Up to $(limit) deliveries due now, each leased for $(leaseMs) ms (a sender that dies
-- mid-send leaves it due again after that) and counted as one more attempt.
WITH due AS (
  SELECT notification_id, channel FROM notification_deliveries
   WHERE status IN ('PENDING', 'RETRYING') AND next_attempt_at <= now()
   ORDER BY next_attempt_at
   LIMIT $(limit)
   FOR UPDATE SKIP LOCKED
)
UPDATE notification_deliveries d
   SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $(leaseMs) / 1000.0), updated_at = now()
  FROM due, notifications n
 WHERE d.notification_id = due.notification_id AND d.channel = due.channel AND n.id = d.notification_id
RETURNING d.notification_id, d.channel, d.user_id, d.recipient, d.attempts, d.next_attempt_at AS leased_until,
          n.type, n.title, n.message, n.data, n.priority, n.created_at
