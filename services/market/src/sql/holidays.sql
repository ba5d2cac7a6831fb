SELECT to_char(day, 'YYYY-MM-DD') AS day FROM market_holidays WHERE exchange = $(exchange) ORDER BY day
