-- Optimistic: no row when the account changed since $(version) was read.
UPDATE users
   SET first_name = COALESCE($(firstName), first_name),
       last_name = COALESCE($(lastName), last_name),
       phone = COALESCE($(phone), phone),
       updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
