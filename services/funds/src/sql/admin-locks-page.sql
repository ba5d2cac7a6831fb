-- Fund locks with their owner, filtered by status and purpose when given, oldest first,
-- after the cursor's (created_at, id). An ORDER lock's reference is its order's id.
SELECT l.*, w.user_id, to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM fund_locks l
  JOIN wallets w ON w.id = l.wallet_id
 WHERE ($(status)::text IS NULL OR l.status = $(status)::text)
   AND ($(purpose)::text IS NULL OR l.purpose = $(purpose)::text)
   AND ($(afterAt)::timestamptz IS NULL OR (l.created_at, l.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY l.created_at, l.id
 LIMIT $(limit)
