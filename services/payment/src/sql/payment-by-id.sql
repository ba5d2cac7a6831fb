SELECT * FROM payments WHERE id = $(id)
