-- One page in (created_at, id) order, after the cursor's key when there is one.
SELECT * FROM user_accounts
 WHERE ($(status)::text IS NULL OR status = $(status))
   AND ($(afterAt)::timestamptz IS NULL OR (created_at, id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY created_at, id
 LIMIT $(limit)
