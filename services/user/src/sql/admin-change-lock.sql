-- Serialises changes that could take away the last active admin (two admins demoting each
-- other at once must not both succeed). Released at commit.
SELECT pg_advisory_xact_lock(hashtext('winvestco:admin-changes'))
