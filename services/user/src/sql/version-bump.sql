-- A change kept in another table (roles) still moves the account's version.
UPDATE users SET updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
