SELECT * FROM holdings WHERE portfolio_id = $(portfolioId) ORDER BY symbol
