UPDATE saga_signals SET attempts = attempts + 1, last_error = $(error) WHERE id = $(id)
