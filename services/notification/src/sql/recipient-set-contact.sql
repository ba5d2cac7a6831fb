-- A change of profile: each of email and phone is set when $(setEmail)/$(setPhone) (null clears it).
INSERT INTO notification_recipients (user_id, email, phone)
VALUES ($(userId), $(email), $(phone))
ON CONFLICT (user_id) DO UPDATE
   SET email = CASE WHEN $(setEmail) THEN EXCLUDED.email ELSE notification_recipients.email END,
       phone = CASE WHEN $(setPhone) THEN EXCLUDED.phone ELSE notification_recipients.phone END,
       updated_at = now()
