-- A user's reports, newest first, after the cursor's (created_at, id) when there is one.
SELECT id, user_id, type, period_from::text, period_to::text, status, attempts, error, summary, row_count, created_at, started_at, completed_at, expires_at,
       octet_length(csv) AS csv_bytes, octet_length(pdf) AS pdf_bytes, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM reports
 WHERE user_id = $(userId)
   AND ($(beforeAt)::timestamptz IS NULL OR (created_at, id) < ($(beforeAt)::timestamptz, $(beforeId)::uuid))
 ORDER BY created_at DESC, id DESC
 LIMIT $(limit)
