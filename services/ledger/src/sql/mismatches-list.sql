-- Reported mismatches (and, asked for, the suspects too), longest standing first.
SELECT * FROM reconciliation_mismatches
 WHERE status = 'MISMATCH' OR $(withSuspects)
 ORDER BY status, first_seen_at, user_id
 LIMIT $(limit)
