-- A rebuild's first step: every projection built from the archive emptied (the archive,
-- the reports and the latest quotes stay).
TRUNCATE proj_orders, proj_fills, proj_ledger_entries, proj_wallets;
UPDATE projection_status SET events = 0, last_event_id = NULL, last_event_type = NULL, last_event_at = NULL, last_applied_at = NULL
 WHERE name <> 'prices'
