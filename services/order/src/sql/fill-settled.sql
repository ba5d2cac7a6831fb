UPDATE order_fills SET settled = true WHERE execution_id = $(executionId)
