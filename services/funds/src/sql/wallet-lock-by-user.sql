-- The row lock every movement of this wallet takes first: movements of one wallet happen one at a time.
SELECT * FROM wallets WHERE user_id = $(userId) AND currency = $(currency) FOR UPDATE
