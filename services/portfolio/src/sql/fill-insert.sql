INSERT INTO holding_fills (execution_id, holding_id, order_id, side, quantity, price, fees, currency, realised_pnl, average_cost_after, executed_at)
VALUES ($(executionId), $(holdingId), $(orderId), $(side), $(quantity), $(price), $(fees), $(currency), $(realisedPnl), $(averageCostAfter), $(executedAt))
