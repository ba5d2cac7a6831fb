SELECT * FROM instruments WHERE symbol = $(symbol)
