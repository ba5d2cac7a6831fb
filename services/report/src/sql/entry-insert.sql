INSERT INTO proj_ledger_entries (entry_id, kind, reference_type, reference_id, currency, user_id, posted_at, debits, credits, postings)
VALUES ($(entryId), $(kind), $(referenceType), $(referenceId), $(currency), $(userId), $(postedAt), $(debits), $(credits), $(postings:json))
ON CONFLICT (entry_id) DO NOTHING
