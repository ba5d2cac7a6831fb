-- Takes or renews the relay's lease; no row when another holder's lease still runs.
INSERT INTO outbox_relay_lease AS l (name, holder, expires_at)
VALUES ('relay', $(holder), now() + make_interval(secs => $(seconds)))
ON CONFLICT (name) DO UPDATE
   SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
 WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
RETURNING holder
