-- What an order's executions so far were worth (price × quantity): its charges are computed
-- on the whole turnover, so a new fill's charges need what came before.
SELECT coalesce(sum(price * quantity), 0)::text AS turnover FROM executions WHERE order_id = $(orderId)
