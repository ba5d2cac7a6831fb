-- The entry's header; nothing when an entry of this kind for this reference exists (the
-- movement was reported before, under another event id).
INSERT INTO journal_entries (id, kind, reference_type, reference_id, description, currency, posting_count, total)
VALUES ($(id), $(kind), $(referenceType), $(referenceId), $(description), $(currency), $(postingCount), $(total))
ON CONFLICT (kind, reference_type, reference_id) DO NOTHING
RETURNING id, created_at
