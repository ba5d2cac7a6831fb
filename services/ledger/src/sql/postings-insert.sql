-- All lines of an entry in one statement, numbered in the order given.
INSERT INTO postings (entry_id, line, account, debit, credit, currency)
SELECT $(entryId), p.line, p.account, p.debit, p.credit, $(currency)
  FROM unnest($(accounts)::text[], $(debits)::numeric[], $(credits)::numeric[]) WITH ORDINALITY AS p(account, debit, credit, line)
