INSERT INTO fund_lock_movements (id, lock_id, kind, amount, fee, execution_id, transaction_id, held_after, spent_after, reason)
VALUES ($(id), $(lockId), $(kind), $(amount), $(fee), $(executionId), $(transactionId), $(heldAfter), $(spentAfter), $(reason))
RETURNING *
