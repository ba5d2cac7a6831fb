SELECT outcome, delivered_at FROM simulator_requests WHERE payment_id = $(paymentId) AND kind = $(kind)
