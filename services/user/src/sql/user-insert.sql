INSERT INTO users (id, email, password_hash, first_name, last_name, phone, client_id)
VALUES ($(id), $(email), $(passwordHash), $(firstName), $(lastName), $(phone), $(clientId))
