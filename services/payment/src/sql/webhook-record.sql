-- No row when this provider event was received before.
INSERT INTO payment_webhooks (provider, event_id, payment_id, status) VALUES ($(provider), $(eventId), $(paymentId), $(status))
ON CONFLICT (provider, event_id) DO NOTHING
RETURNING event_id
