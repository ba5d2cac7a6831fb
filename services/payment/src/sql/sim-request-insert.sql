-- One request per payment and kind: asking twice is asking once.
INSERT INTO simulator_requests (id, payment_id, kind, outcome, amount, currency, deliver_at)
VALUES ($(id), $(paymentId), $(kind), $(outcome), $(amount), $(currency), now() + make_interval(secs => $(delaySeconds)))
ON CONFLICT (payment_id, kind) DO NOTHING
