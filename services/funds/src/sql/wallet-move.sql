-- The database refuses a negative balance (CHECK), whatever the caller computed.
UPDATE wallets
   SET available = available + $(availableDelta), locked = locked + $(lockedDelta),
       updated_at = now(), version = version + 1
 WHERE id = $(id)
RETURNING *
