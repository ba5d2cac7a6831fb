SELECT * FROM proj_fills WHERE user_id = $(userId) ORDER BY executed_at DESC, execution_id DESC LIMIT $(limit)
