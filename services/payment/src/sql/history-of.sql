SELECT from_status, to_status, note, created_at FROM payment_history WHERE payment_id = $(paymentId) ORDER BY id
