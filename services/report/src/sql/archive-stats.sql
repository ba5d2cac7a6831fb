SELECT count(*)::int AS events, max(received_at) AS last_received_at FROM report_events
