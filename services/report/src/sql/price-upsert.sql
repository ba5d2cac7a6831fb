INSERT INTO proj_prices (symbol, last, at) VALUES ($(symbol), $(last), $(at))
ON CONFLICT (symbol) DO UPDATE SET last = EXCLUDED.last, at = EXCLUDED.at WHERE proj_prices.at <= EXCLUDED.at
