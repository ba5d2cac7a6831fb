-- The ledger: a double-entry journal that the database itself keeps honest. Whatever writes
-- to it (the service, a migration, a person with psql), an entry has at least two postings,
-- balances, and never changes once committed.

-- The chart of accounts. Per-user accounts (cash:<user>, cash-locked:<user>) are added on
-- their first posting; the platform's own accounts are here from the start.
CREATE TABLE accounts (
  code       text PRIMARY KEY
             CHECK (code ~ '^(cash|cash-locked):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    OR code IN ('payment-gateway', 'exchange-settlement', 'fees-revenue', 'holdings-clearing')),
  type       text NOT NULL CHECK (type IN ('ASSET', 'LIABILITY', 'INCOME')),
  user_id    uuid GENERATED ALWAYS AS (CASE WHEN code LIKE 'cash%' THEN substring(code FROM ':(.*)$')::uuid END) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- what the platform owes a user is a liability
  CHECK ((code LIKE 'cash%') = (type = 'LIABILITY'))
);
INSERT INTO accounts (code, type) VALUES
  ('payment-gateway', 'ASSET'),
  ('exchange-settlement', 'ASSET'),
  ('holdings-clearing', 'ASSET'),
  ('fees-revenue', 'INCOME');

-- One entry per money movement. (kind, reference) is unique: a movement reported twice,
-- under two event ids, is still posted once. posting_count and total are declared by the
-- header, which can never change, so a posting slipped into an old entry later, even a
-- balanced pair, no longer matches them and is refused.
CREATE TABLE journal_entries (
  id             uuid PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('DEPOSIT', 'LOCK', 'RELEASE', 'WITHDRAWAL', 'SETTLE', 'TRADE_CREDIT', 'REVERSAL')),
  reference_type text NOT NULL CHECK (reference_type IN ('WALLET_TRANSACTION', 'FUND_LOCK', 'JOURNAL_ENTRY')),
  reference_id   uuid NOT NULL,
  description    text NOT NULL CHECK (length(description) <= 500),
  currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  posting_count  smallint NOT NULL CHECK (posting_count >= 2),
  total          numeric(20,4) NOT NULL CHECK (total > 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT journal_entries_reference_key UNIQUE (kind, reference_type, reference_id),
  -- the target of the postings' (entry, currency) key: every posting is in its entry's currency
  CONSTRAINT journal_entries_currency_key UNIQUE (id, currency)
);
CREATE INDEX journal_entries_page ON journal_entries (created_at, id);

-- The lines of an entry: exactly one of debit and credit is positive. Keyed by (entry,
-- line) rather than a UUID of their own: a posting exists only as a line of its entry.
CREATE TABLE postings (
  entry_id   uuid NOT NULL,
  line       smallint NOT NULL CHECK (line >= 1),
  account    text NOT NULL REFERENCES accounts (code),
  debit      numeric(20,4) NOT NULL CHECK (debit >= 0),
  credit     numeric(20,4) NOT NULL CHECK (credit >= 0),
  currency   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, line),
  FOREIGN KEY (entry_id, currency) REFERENCES journal_entries (id, currency),
  CONSTRAINT postings_one_side CHECK ((debit > 0) <> (credit > 0))
);
-- A client's statement: the entries touching their accounts, in time order.
CREATE INDEX postings_by_account ON postings (account, created_at, entry_id);

-- Balances per account and currency, derived from the postings by the trigger below in the
-- same transaction: reads and the trial balance cost a few rows per account, not a scan of
-- the journal, and no code path can post without moving them. A balance row is locked from
-- its posting to the commit, and every deposit, settlement and withdrawal moves one of the
-- platform's accounts, so those are spread over 16 slots (picked by the entry id) that
-- postings of different entries rarely share; a user's accounts have one slot. A balance
-- is the sum of its slots.
CREATE TABLE account_balances (
  account      text NOT NULL REFERENCES accounts (code),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  slot         smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
  debit_total  numeric(20,4) NOT NULL DEFAULT 0 CHECK (debit_total >= 0),
  credit_total numeric(20,4) NOT NULL DEFAULT 0 CHECK (credit_total >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1,
  PRIMARY KEY (account, currency, slot)
);

-- An entry must have at least two postings, exactly as many as its header declares, and
-- its debits must equal its credits and its declared total. Run at commit (deferred), once
-- the whole entry is written; SET CONSTRAINTS ... IMMEDIATE can only make it stricter.
CREATE FUNCTION ledger_check_entry(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  header  journal_entries%ROWTYPE;
  lines   integer;
  debits  numeric;
  credits numeric;
BEGIN
  SELECT * INTO header FROM journal_entries WHERE id = entry;
  SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO lines, debits, credits
    FROM postings WHERE entry_id = entry;
  IF lines < 2 THEN
    RAISE EXCEPTION 'journal entry % has % posting(s); an entry needs at least two', entry, lines
      USING ERRCODE = 'check_violation';
  END IF;
  IF debits <> credits THEN
    RAISE EXCEPTION 'journal entry % does not balance: debits % <> credits %', entry, debits, credits
      USING ERRCODE = 'check_violation';
  END IF;
  IF lines <> header.posting_count OR debits <> header.total THEN
    RAISE EXCEPTION 'journal entry % has % posting(s) totalling %, but its header declares % totalling %',
      entry, lines, debits, header.posting_count, header.total
      USING ERRCODE = 'check_violation';
  END IF;
END $$;

CREATE FUNCTION ledger_check_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_check_entry(NEW.id);
  RETURN NULL;
END $$;

CREATE FUNCTION ledger_check_posting_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_check_entry(NEW.entry_id);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_new_entry();
CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_posting_entry();

-- Append-only: a mistake is corrected by a reversing entry, never by an edit. Statement
-- triggers, so even an UPDATE or DELETE that matches no row is refused. TRUNCATE is left
-- to a superuser (who could drop these triggers anyway): test runs empty tables that way.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' AND current_setting('is_superuser') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed; correct a mistake with a reversing entry', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER accounts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- Postings move their accounts' balances, in (account, currency, slot) order: every
-- transaction takes the balance rows' locks in the same order, so two never deadlock.
CREATE FUNCTION ledger_apply_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_balances AS b (account, currency, slot, debit_total, credit_total)
  SELECT account, currency, slot, sum(debit), sum(credit)
    FROM (SELECT account, currency, debit, credit,
                 CASE WHEN account LIKE 'cash%' THEN 0 ELSE hashtext(entry_id::text) & 15 END AS slot
            FROM new_postings) AS p
   GROUP BY account, currency, slot
   ORDER BY account, currency, slot
  ON CONFLICT (account, currency, slot) DO UPDATE
     SET debit_total = b.debit_total + EXCLUDED.debit_total,
         credit_total = b.credit_total + EXCLUDED.credit_total,
         updated_at = now(),
         version = b.version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER postings_move_balances AFTER INSERT ON postings
  REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply_postings();

-- Balances change only through postings: a write that does not come from the trigger above
-- (trigger depth 1: this guard is the only trigger running) is refused.
CREATE FUNCTION ledger_balances_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' AND current_setting('is_superuser') = 'on' THEN
    RETURN NULL;
  END IF;
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'account_balances are derived from the postings: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER account_balances_derived BEFORE INSERT OR UPDATE OR DELETE ON account_balances
  FOR EACH ROW EXECUTE FUNCTION ledger_balances_derived();
CREATE TRIGGER account_balances_no_truncate BEFORE TRUNCATE ON account_balances
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_balances_derived();
