-- The user's roles become exactly $(roles).
DELETE FROM user_roles WHERE user_id = $(id);
INSERT INTO user_roles (user_id, role) SELECT $(id), unnest($(roles)::text[]);
