INSERT INTO reconciliation_mismatches AS m (user_id, currency, status, ledger_available, ledger_locked, wallet_available, wallet_locked,
                                            diff_available, diff_locked, first_seen_at, confirmed_at, last_checked_at)
VALUES ($(userId), $(currency), $(status), $(ledgerAvailable), $(ledgerLocked), $(walletAvailable), $(walletLocked),
        $(diffAvailable), $(diffLocked), $(firstSeenAt), $(confirmedAt), $(checkedAt))
ON CONFLICT (user_id) DO UPDATE
   SET currency = EXCLUDED.currency, status = EXCLUDED.status, ledger_available = EXCLUDED.ledger_available, ledger_locked = EXCLUDED.ledger_locked,
       wallet_available = EXCLUDED.wallet_available, wallet_locked = EXCLUDED.wallet_locked, diff_available = EXCLUDED.diff_available,
       diff_locked = EXCLUDED.diff_locked, first_seen_at = EXCLUDED.first_seen_at, confirmed_at = COALESCE(m.confirmed_at, EXCLUDED.confirmed_at),
       last_checked_at = EXCLUDED.last_checked_at, updated_at = now(), version = m.version + 1
