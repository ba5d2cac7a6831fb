SELECT count(*)::int AS n FROM dead_letters WHERE replayed_at IS NULL
