-- Deliveries for an operator, most recently changed first.
SELECT d.*, n.type, n.title
  FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
 WHERE ($(status)::text IS NULL OR d.status = $(status))
   AND ($(channel)::text IS NULL OR d.channel = $(channel))
   AND ($(userId)::uuid IS NULL OR d.user_id = $(userId))
 ORDER BY d.updated_at DESC, d.notification_id, d.channel
 LIMIT $(limit)
