-- The provider's confirmation of this payment, when one was received.
SELECT event_id, status FROM payment_webhooks WHERE payment_id = $(paymentId) AND status = 'SUCCEEDED' ORDER BY created_at LIMIT 1
