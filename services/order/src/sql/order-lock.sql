SELECT * FROM orders WHERE id = $(id) FOR UPDATE
