SELECT * FROM proj_fills WHERE user_id = $(userId) ORDER BY executed_at, execution_id
