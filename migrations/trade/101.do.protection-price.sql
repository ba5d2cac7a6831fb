-- A MARKET or STOP_LOSS order's protection price: the worst price it may trade at (a buy's
-- ceiling, which its funds lock covers; a sell's floor). Kept with the order so a stop that
-- wakes after a restart is bounded as it was when placed. NULL: any price (orders from before).
ALTER TABLE book_orders ADD COLUMN protection_price numeric(20,4) CHECK (protection_price > 0);
