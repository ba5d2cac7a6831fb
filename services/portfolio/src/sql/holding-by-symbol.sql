SELECT * FROM holdings WHERE portfolio_id = $(portfolioId) AND symbol = $(symbol)
