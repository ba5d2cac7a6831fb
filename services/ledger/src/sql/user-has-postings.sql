-- Whether the ledger has ever posted to these accounts, in any currency.
SELECT EXISTS (SELECT 1 FROM account_balances WHERE account = ANY ($(accounts)::text[])) AS posted
