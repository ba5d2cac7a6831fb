-- The checks due now, leased: due_at moves on by the lease, so another replica skips them
-- and a crash mid-check only delays them. A posting meanwhile brings due_at forward again.
-- due_at goes back as text: a Date would lose its microseconds, and done() compares it.
UPDATE reconciliation_due d
   SET due_at = now() + make_interval(secs => $(leaseSeconds))
 WHERE d.user_id IN (SELECT user_id FROM reconciliation_due WHERE due_at <= now() ORDER BY due_at LIMIT $(limit) FOR UPDATE SKIP LOCKED)
RETURNING d.user_id, d.due_at::text AS leased_until
