-- One row per external channel of a new notification; a channel without a recipient
-- (no phone number on record, say) is SKIPPED at once, saying why.
INSERT INTO notification_deliveries (notification_id, channel, user_id, recipient, status, next_attempt_at, last_error)
SELECT $(notificationId), c.channel, $(userId), c.recipient,
       CASE WHEN c.recipient IS NULL THEN 'SKIPPED' ELSE 'PENDING' END,
       CASE WHEN c.recipient IS NULL THEN NULL ELSE now() END,
       CASE WHEN c.recipient IS NULL THEN 'no ' || lower(c.channel) || ' address on record' END
  FROM unnest($(channels)::text[], $(recipients)::text[]) AS c (channel, recipient)
ON CONFLICT (notification_id, channel) DO NOTHING
