SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM journal_entries
 WHERE kind = $(kind) AND reference_type = $(referenceType) AND reference_id = $(referenceId)
