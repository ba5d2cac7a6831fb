-- The check is done, unless a posting asked for another one meanwhile (due_at moved).
DELETE FROM reconciliation_due WHERE user_id = $(userId) AND due_at = $(leasedUntil)::timestamptz
