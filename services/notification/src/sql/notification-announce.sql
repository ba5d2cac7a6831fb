-- Wakes every replica's live streams of this user, once the transaction commits.
SELECT pg_notify('notifications', $(userId)::text)
