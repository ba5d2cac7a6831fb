INSERT INTO login_attempts (email, succeeded) VALUES (lower($(email)), $(succeeded))
