UPDATE saga_signals SET delivered_at = now(), attempts = attempts + 1 WHERE id = $(id)
