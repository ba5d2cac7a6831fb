-- The balances of some accounts in one currency, each the sum of its slots; an account
-- never posted to has no row.
SELECT account, sum(debit_total) AS debit_total, sum(credit_total) AS credit_total, max(updated_at) AS updated_at
  FROM account_balances
 WHERE account = ANY ($(accounts)::text[]) AND currency = $(currency)
 GROUP BY account
