SELECT nextval('book_priority')::bigint AS priority
