UPDATE holding_reservations
   SET quantity = $(quantity), consumed_quantity = $(consumed), released_quantity = $(released),
       filled_quantity = $(filled), status = $(status), release_reason = $(releaseReason), updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
