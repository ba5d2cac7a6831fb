UPDATE dead_letters SET replayed_at = now(), replay_outcome = $(outcome) WHERE id = $(id)
