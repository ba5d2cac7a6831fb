-- One page of entries in (created_at, id) order: all of them, or those with a posting on
-- one of $(accounts); within [from, to) and after the cursor's key when given. page_at
-- keeps the microseconds a JavaScript Date would lose.
SELECT e.*, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM journal_entries e
 WHERE ($(accounts)::text[] IS NULL OR e.id IN (
         SELECT p.entry_id FROM postings p
          WHERE p.account = ANY ($(accounts)::text[])
            AND ($(from)::timestamptz IS NULL OR p.created_at >= $(from)::timestamptz)
            AND ($(to)::timestamptz IS NULL OR p.created_at < $(to)::timestamptz)))
   AND ($(from)::timestamptz IS NULL OR e.created_at >= $(from)::timestamptz)
   AND ($(to)::timestamptz IS NULL OR e.created_at < $(to)::timestamptz)
   AND ($(afterAt)::timestamptz IS NULL OR (e.created_at, e.id) > ($(afterAt)::timestamptz, $(afterId)::uuid))
 ORDER BY e.created_at, e.id
 LIMIT $(limit)
