SELECT count(*) FILTER (WHERE status = 'MISMATCH')::int AS mismatches, count(*) FILTER (WHERE status = 'SUSPECT')::int AS suspects
  FROM reconciliation_mismatches
