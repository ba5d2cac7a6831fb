SELECT count(*)::int AS n FROM saga_instances WHERE status = 'STUCK'
