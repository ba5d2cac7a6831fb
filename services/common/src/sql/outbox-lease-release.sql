DELETE FROM outbox_relay_lease WHERE name = 'relay' AND holder = $(holder)
