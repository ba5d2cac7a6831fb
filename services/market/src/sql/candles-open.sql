SELECT * FROM candles WHERE NOT closed
