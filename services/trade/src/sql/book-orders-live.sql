-- What a symbol's book holds, in priority order: what it is rebuilt from.
SELECT * FROM book_orders WHERE symbol = $(symbol) AND state <> 'DONE' ORDER BY priority
