-- Every change of a holding (a fill, a reservation's consume or release) first takes its
-- row lock, and only then the reservation's: one order, so they cannot deadlock.
SELECT * FROM holdings WHERE portfolio_id = $(portfolioId) AND symbol = $(symbol) FOR UPDATE
