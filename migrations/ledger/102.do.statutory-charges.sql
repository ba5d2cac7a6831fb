-- Charges of a trade by kind: the brokerage is the platform's revenue, the rest is owed to
-- others (STT and stamp duty to the government, the exchange's transaction charge, SEBI's
-- fee, GST on the services): liabilities, moved out of fees-revenue per execution.
ALTER TABLE accounts DROP CONSTRAINT accounts_code_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_code_check
  CHECK (code ~ '^(cash|cash-locked):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
         OR code IN ('payment-gateway', 'exchange-settlement', 'fees-revenue', 'holdings-clearing',
                     'stt-payable', 'stamp-duty-payable', 'exchange-charges-payable', 'sebi-fees-payable', 'gst-payable'));
-- A user's accounts are liabilities; so are the payables, the platform's only others.
ALTER TABLE accounts DROP CONSTRAINT accounts_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_check CHECK ((code LIKE 'cash%' OR code LIKE '%-payable') = (type = 'LIABILITY'));
INSERT INTO accounts (code, type) VALUES
  ('stt-payable', 'LIABILITY'),
  ('stamp-duty-payable', 'LIABILITY'),
  ('exchange-charges-payable', 'LIABILITY'),
  ('sebi-fees-payable', 'LIABILITY'),
  ('gst-payable', 'LIABILITY');

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
  CHECK (kind IN ('DEPOSIT', 'LOCK', 'RELEASE', 'WITHDRAWAL', 'SETTLE', 'TRADE_CREDIT', 'REVERSAL', 'CHARGES'));
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_reference_type_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_reference_type_check
  CHECK (reference_type IN ('WALLET_TRANSACTION', 'FUND_LOCK', 'FUND_MOVEMENT', 'JOURNAL_ENTRY', 'EXECUTION'));
