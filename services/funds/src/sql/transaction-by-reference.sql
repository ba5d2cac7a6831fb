-- A credit or a payout for a reference (a payment; a sale with its fill), if it was made.
SELECT * FROM wallet_transactions
 WHERE type = $(type) AND reference = $(reference) AND execution_id IS NOT DISTINCT FROM $(executionId)::uuid
