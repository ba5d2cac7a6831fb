SELECT * FROM portfolios WHERE user_id = $(userId)
