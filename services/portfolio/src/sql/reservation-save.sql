UPDATE holding_reservations
   SET consumed_quantity = $(consumed), released_quantity = $(released), requested_consumed = $(requestedConsumed),
       filled_quantity = $(filled), status = $(status), release_reason = $(releaseReason), updated_at = now(), version = version + 1
 WHERE id = $(id) AND version = $(version)
RETURNING id
