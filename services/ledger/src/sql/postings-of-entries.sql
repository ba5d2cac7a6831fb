SELECT entry_id, account, debit, credit
  FROM postings
 WHERE entry_id = ANY ($(ids)::uuid[])
 ORDER BY entry_id, line
