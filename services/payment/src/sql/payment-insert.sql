INSERT INTO payments (id, user_id, direction, amount, currency, method, provider, payer_handle, status, expires_at, client_key)
VALUES ($(id), $(userId), $(direction), $(amount), $(currency), $(method), $(provider), $(payerHandle), $(status), $(expiresAt), $(clientKey))
RETURNING *
