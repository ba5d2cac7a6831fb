-- Σ debits and Σ credits over every account, per currency. The balances are the postings'
-- sums (kept by a trigger in the posting transaction), so this is the journal's total.
SELECT currency, sum(debit_total) AS debits, sum(credit_total) AS credits, count(DISTINCT account)::int AS accounts
  FROM account_balances
 GROUP BY currency
 ORDER BY currency
