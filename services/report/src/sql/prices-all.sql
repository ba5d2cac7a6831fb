SELECT symbol, last, at FROM proj_prices
