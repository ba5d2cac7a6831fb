-- One page in symbol order, after the cursor's symbol when there is one. $(pattern) is an
-- ILIKE pattern with the caller's text escaped, matched against symbol and name.
SELECT * FROM instruments
 WHERE ($(pattern)::text IS NULL OR symbol ILIKE $(pattern) OR name ILIKE $(pattern))
   AND ($(status)::text IS NULL OR status = $(status))
   AND ($(exchange)::text IS NULL OR exchange = $(exchange))
   AND ($(after)::text IS NULL OR symbol > $(after))
 ORDER BY symbol
 LIMIT $(limit)
