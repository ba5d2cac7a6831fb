INSERT INTO reports (id, user_id, type, period_from, period_to) VALUES ($(id), $(userId), $(type), $(from), $(to))
RETURNING *
