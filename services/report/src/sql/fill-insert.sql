INSERT INTO proj_fills (execution_id, order_id, user_id, symbol, side, quantity, price, fees, brokerage, stt, exchange_charge, sebi_fee, stamp_duty, gst, currency, liquidity, executed_at)
VALUES ($(executionId), $(orderId), $(userId), $(symbol), $(side), $(quantity), $(price), $(fees), $(brokerage), $(stt), $(exchangeCharge), $(sebiFee), $(stampDuty), $(gst), $(currency), $(liquidity), $(executedAt))
ON CONFLICT (execution_id) DO NOTHING
