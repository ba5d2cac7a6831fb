SELECT * FROM notification_deliveries WHERE notification_id = ANY ($(ids)::uuid[]) ORDER BY channel
