SELECT status, count(*)::int AS n FROM saga_instances GROUP BY status
