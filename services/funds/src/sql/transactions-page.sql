-- Newest first, after the cursor's (created_at, id) when there is one.
SELECT t.*, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM wallet_transactions t
 WHERE t.wallet_id = $(walletId)
   AND ($(type)::text IS NULL OR t.type = $(type))
   AND ($(beforeAt)::timestamptz IS NULL OR (t.created_at, t.id) < ($(beforeAt)::timestamptz, $(beforeId)::uuid))
 ORDER BY t.created_at DESC, t.id DESC
 LIMIT $(limit)
