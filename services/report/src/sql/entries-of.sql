SELECT * FROM proj_ledger_entries WHERE user_id = $(userId) AND currency = $(currency) ORDER BY posted_at, entry_id
