-- Optimistic: no row when the account changed since $(version) was read. Only the fields
-- flagged set* change; phone may become NULL (cleared).
UPDATE users
   SET first_name = CASE WHEN $(setFirstName) THEN $(firstName) ELSE first_name END,
       last_name = CASE WHEN $(setLastName) THEN $(lastName) ELSE last_name END,
       phone = CASE WHEN $(setPhone) THEN $(phone) ELSE phone END,
       updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
