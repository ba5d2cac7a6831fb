-- One login check per email at a time, so counting failures, checking the password and
-- recording the attempt are one step; released at commit. False: another is in progress.
SELECT pg_try_advisory_xact_lock(hashtext('winvestco:login:' || lower($(email)))) AS locked
