SELECT * FROM last_prices WHERE symbol = ANY($(symbols)::text[])
