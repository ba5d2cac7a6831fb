SELECT EXISTS (SELECT 1 FROM holding_fills WHERE execution_id = $(executionId)) AS applied
