SELECT name, events::int AS events, last_event_id, last_event_type, last_event_at, last_applied_at,
       extract(epoch FROM now() - last_event_at)::float8 AS age_seconds
  FROM projection_status
 ORDER BY name
