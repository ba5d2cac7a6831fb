-- Published events are kept a while for inspection, then removed so the table stays small.
DELETE FROM outbox WHERE published_at < now() - make_interval(mins => $(retentionMinutes))
