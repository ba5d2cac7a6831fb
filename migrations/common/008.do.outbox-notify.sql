-- Wakes the outbox relay as soon as a transaction that wrote events commits: NOTIFY is
-- delivered only on commit, and once per transaction however many rows it wrote. The relay
-- LISTENs on its own connection and drains at once; its poll stays as the safety net for a
-- notification missed while it was reconnecting. Without this an event waited for the next
-- poll (up to OUTBOX_INTERVAL_MS) before it was published.
CREATE FUNCTION kit_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kit_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER kit_outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION kit_outbox_notify();
