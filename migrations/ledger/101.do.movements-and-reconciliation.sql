-- One entry per movement of the funds service, keyed by the movement's own id: a lock has
-- many movements (its lock, growths, shrinks, one settlement per fill, the release of its
-- rest), so the lock id can no longer be the key. Entries posted before keep FUND_LOCK.
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_reference_type_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_reference_type_check
  CHECK (reference_type IN ('WALLET_TRANSACTION', 'FUND_LOCK', 'FUND_MOVEMENT', 'JOURNAL_ENTRY'));

-- The continuous reconciliation with the funds service's wallets (docs/domain.md, Ledger).
-- Users to check, and when: a posting asks for a check of its user a second later; a
-- difference is checked again after the grace period; a running check leases its row by
-- moving due_at on (so a crash mid-check only delays it).
CREATE TABLE reconciliation_due (
  user_id    uuid PRIMARY KEY,
  due_at     timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reconciliation_due_by_time ON reconciliation_due (due_at);

-- Users whose wallet differs from their cash accounts: SUSPECT while the difference may be
-- events in flight, MISMATCH once the same difference has lasted the grace period (then it
-- is reported: metric, log, GET /ledger/reconciliation). A check that finds them equal
-- deletes the row: resolved.
CREATE TABLE reconciliation_mismatches (
  user_id          uuid PRIMARY KEY,
  currency         char(3) NOT NULL,
  status           text NOT NULL CHECK (status IN ('SUSPECT', 'MISMATCH')),
  ledger_available numeric(20,4) NOT NULL,
  ledger_locked    numeric(20,4) NOT NULL,
  -- null: the funds service has no wallet for this user
  wallet_available numeric(20,4),
  wallet_locked    numeric(20,4),
  -- wallet minus ledger; the difference that must stay the same to be confirmed
  diff_available   numeric(20,4) NOT NULL,
  diff_locked      numeric(20,4) NOT NULL,
  first_seen_at    timestamptz NOT NULL,
  confirmed_at     timestamptz,
  last_checked_at  timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  CHECK ((status = 'MISMATCH') = (confirmed_at IS NOT NULL)),
  CHECK ((wallet_available IS NULL) = (wallet_locked IS NULL))
);
