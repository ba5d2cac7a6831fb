SELECT * FROM instruments ORDER BY symbol
