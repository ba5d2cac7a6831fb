SELECT * FROM holdings WHERE id = $(id) FOR UPDATE
