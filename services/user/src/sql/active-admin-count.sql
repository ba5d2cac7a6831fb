SELECT count(*)::int AS n FROM user_accounts WHERE status = 'ACTIVE' AND 'ADMIN' = ANY (roles)
