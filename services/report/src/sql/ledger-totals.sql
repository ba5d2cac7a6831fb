-- Σ debits and Σ credits over the entries projected, in one currency: what the ledger's trial balance sums.
SELECT coalesce(sum(debits), 0)::text AS debits, coalesce(sum(credits), 0)::text AS credits, count(*)::int AS entries, max(posted_at) AS last_posted_at
  FROM proj_ledger_entries
 WHERE currency = $(currency)
