-- The kit's tables are kept small: published events after $(outboxMinutes) minutes; consumed
-- event ids and idempotency keys after $(keepDays) days (far beyond any redelivery or replay).
DELETE FROM outbox WHERE published_at < now() - make_interval(mins => $(outboxMinutes));
DELETE FROM inbox WHERE created_at < now() - make_interval(days => $(keepDays));
DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $(keepDays));
DELETE FROM saga_signals WHERE delivered_at < now() - make_interval(days => $(keepDays));
DELETE FROM kit_ended_sessions WHERE until < now() - interval '1 minute';
