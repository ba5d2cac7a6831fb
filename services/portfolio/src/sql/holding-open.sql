-- An empty holding to buy into; the existing one when there is one.
INSERT INTO holdings (id, portfolio_id, symbol, currency)
VALUES ($(id), $(portfolioId), $(symbol), $(currency))
ON CONFLICT (portfolio_id, symbol) DO NOTHING
