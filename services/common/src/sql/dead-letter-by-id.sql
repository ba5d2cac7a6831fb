SELECT * FROM dead_letters WHERE id = $(id) FOR UPDATE
