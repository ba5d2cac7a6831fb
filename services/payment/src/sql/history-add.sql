INSERT INTO payment_history (payment_id, from_status, to_status, note) VALUES ($(paymentId), $(from), $(to), $(note))
