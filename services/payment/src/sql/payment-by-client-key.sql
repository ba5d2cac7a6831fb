SELECT * FROM payments WHERE user_id = $(userId) AND client_key = $(clientKey)
