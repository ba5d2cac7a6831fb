-- What the user service told us of a person: a field given as null is left as it was.
INSERT INTO notification_recipients (user_id, email, phone, first_name)
VALUES ($(userId), $(email), $(phone), $(firstName))
ON CONFLICT (user_id) DO UPDATE
   SET email = COALESCE(EXCLUDED.email, notification_recipients.email),
       phone = COALESCE(EXCLUDED.phone, notification_recipients.phone),
       first_name = COALESCE(EXCLUDED.first_name, notification_recipients.first_name),
       updated_at = now()
