-- Events this app has applied (kept until pruned), and the newest.
SELECT count(*)::int AS size, max(created_at) AS newest FROM inbox
