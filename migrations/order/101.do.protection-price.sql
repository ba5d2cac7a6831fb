-- A MARKET or STOP_LOSS order's protection price, fixed at placement from the quote its
-- checks read: the worst price it may trade at (a buy's ceiling, which its lock covers; a
-- sell's floor). NULL for LIMIT and STOP_LIMIT orders, whose limit is their bound.
ALTER TABLE orders ADD COLUMN protection_price numeric(20,4) CHECK (protection_price > 0);
