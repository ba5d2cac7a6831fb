INSERT INTO notification_preferences (user_id, mute_all, muted_types, channels, updated_at)
VALUES ($(userId), $(muteAll), $(mutedTypes)::text[], $(channels)::jsonb, now())
ON CONFLICT (user_id) DO UPDATE
   SET mute_all = EXCLUDED.mute_all, muted_types = EXCLUDED.muted_types, channels = EXCLUDED.channels, updated_at = now()
RETURNING *
