-- The user's next notification number; the row stays locked until the transaction ends,
-- so the user's notifications commit in the order of their numbers.
INSERT INTO notification_recipients (user_id, last_seq) VALUES ($(userId), 1)
ON CONFLICT (user_id) DO UPDATE SET last_seq = notification_recipients.last_seq + 1
RETURNING last_seq AS seq, email, phone
