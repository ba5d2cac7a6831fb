-- One definition of "a user with their roles", so every query of the store reads the same shape.
CREATE VIEW user_accounts AS
SELECT u.id, u.email, u.password_hash, u.first_name, u.last_name, u.phone, u.client_id, u.status,
       u.created_at, u.updated_at, u.last_login_at, u.version,
       COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
       -- microsecond precision, for keyset cursors (a JavaScript Date keeps milliseconds)
       to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS page_at
  FROM users u
  LEFT JOIN user_roles r ON r.user_id = u.id
 GROUP BY u.id;
