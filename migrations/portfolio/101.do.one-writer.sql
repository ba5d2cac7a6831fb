-- A holding has one writer: the order's fills, applied from trade.executed once each. The
-- saga no longer reports sales itself (its consume route is gone), so the second count of
-- the same sales (requested_consumed) goes. Before this, whichever report came first took
-- the shares out; no order service had called consume yet, so no reservation counted a sale
-- its fills had not.
ALTER TABLE holding_reservations DROP CONSTRAINT reservations_counts_not_negative;
ALTER TABLE holding_reservations DROP COLUMN requested_consumed;
ALTER TABLE holding_reservations ADD CONSTRAINT reservations_counts_not_negative
  CHECK (consumed_quantity >= 0 AND released_quantity >= 0 AND filled_quantity >= 0);
-- A reservation's fills sold at least what they took out of it.
ALTER TABLE holding_reservations ADD CONSTRAINT reservations_consumed_by_fills CHECK (consumed_quantity <= filled_quantity);
