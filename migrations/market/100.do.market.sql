-- The market service's tables: the instrument catalogue (seeded below), the latest quote per
-- instrument, OHLCV candles and the exchange's holidays.

-- Instruments: static reference data, changed by migration (a listing, a suspension).
-- reference_price is where the simulator starts on a fresh database; volatility is the
-- annualised volatility of its random walk (a ratio, not money).
CREATE TABLE instruments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  symbol          text NOT NULL UNIQUE CHECK (symbol ~ '^[A-Z0-9&-]{1,20}$'),
  name            text NOT NULL,
  isin            text NOT NULL UNIQUE CHECK (isin ~ '^[A-Z]{2}[A-Z0-9]{9}[0-9]$'),
  exchange        text NOT NULL,
  tick_size       numeric(20,4) NOT NULL CHECK (tick_size > 0),
  lot_size        integer NOT NULL CHECK (lot_size > 0),
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
  currency        text NOT NULL,
  reference_price numeric(20,4) NOT NULL CHECK (reference_price > 0 AND reference_price % tick_size = 0),
  volatility      numeric(6,4) NOT NULL CHECK (volatility > 0 AND volatility < 2),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1
);
CREATE INDEX instruments_exchange ON instruments (exchange, symbol);

-- The latest quote of each instrument, one row per symbol. `version` counts the quote's
-- updates: a write carrying an older version than the row's is ignored, so two writers
-- (the feed's batch and the test control) can never put an older quote back.
-- quoted_at is when the quote last changed; updated_at when the row was last written.
CREATE TABLE quotes (
  symbol         text PRIMARY KEY REFERENCES instruments (symbol),
  currency       text NOT NULL,
  last           numeric(20,4) NOT NULL CHECK (last > 0),
  bid            numeric(20,4) NOT NULL CHECK (bid > 0),
  ask            numeric(20,4) NOT NULL CHECK (ask > 0),
  open           numeric(20,4) NOT NULL CHECK (open > 0),
  high           numeric(20,4) NOT NULL CHECK (high > 0),
  low            numeric(20,4) NOT NULL CHECK (low > 0),
  previous_close numeric(20,4) NOT NULL CHECK (previous_close > 0),
  volume         bigint NOT NULL CHECK (volume >= 0),
  session_date   date NOT NULL,
  quoted_at      timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL
);

-- OHLCV candles. The open candle of each symbol and interval is written too (closed =
-- false), so a restart resumes it; a closed candle never changes again.
CREATE TABLE candles (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  symbol          text NOT NULL REFERENCES instruments (symbol),
  candle_interval text NOT NULL CHECK (candle_interval IN ('1m', '5m', '15m', '1h', '1d')),
  start_at        timestamptz NOT NULL,
  open            numeric(20,4) NOT NULL CHECK (open > 0),
  high            numeric(20,4) NOT NULL CHECK (high > 0),
  low             numeric(20,4) NOT NULL CHECK (low > 0),
  close           numeric(20,4) NOT NULL CHECK (close > 0),
  volume          bigint NOT NULL CHECK (volume >= 0),
  currency        text NOT NULL,
  closed          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL,
  UNIQUE (symbol, candle_interval, start_at)
);
CREATE INDEX candles_open ON candles (symbol, candle_interval) WHERE NOT closed;

-- Days the exchange is closed although they are weekdays.
CREATE TABLE market_holidays (
  exchange   text NOT NULL,
  day        date NOT NULL,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (exchange, day)
);

-- About fifty NSE equities: the NIFTY 50 names plus one suspended listing. Tick sizes follow
-- NSE's price bands at the reference price; the ISINs are well-formed (check digit included).
INSERT INTO instruments (symbol, name, isin, tick_size, reference_price, volatility, status, exchange, lot_size, currency)
SELECT s.symbol, s.name, s.isin, s.tick_size, s.reference_price, s.volatility, s.status, 'NSE', 1, 'INR'
  FROM (VALUES
  ('RELIANCE', 'Reliance Industries Ltd', 'INE002A01018', 0.10, 1400.0000, 0.20, 'ACTIVE'),
  ('TCS', 'Tata Consultancy Services Ltd', 'INE467B01029', 0.10, 3100.0000, 0.22, 'ACTIVE'),
  ('HDFCBANK', 'HDFC Bank Ltd', 'INE040A01034', 0.05, 980.0000, 0.18, 'ACTIVE'),
  ('ICICIBANK', 'ICICI Bank Ltd', 'INE090A01021', 0.10, 1400.0000, 0.20, 'ACTIVE'),
  ('INFY', 'Infosys Ltd', 'INE009A01021', 0.10, 1500.0000, 0.25, 'ACTIVE'),
  ('SBIN', 'State Bank of India', 'INE062A01020', 0.05, 850.0000, 0.24, 'ACTIVE'),
  ('ITC', 'ITC Ltd', 'INE154A01025', 0.05, 410.0000, 0.18, 'ACTIVE'),
  ('LT', 'Larsen & Toubro Ltd', 'INE018A01030', 0.10, 3800.0000, 0.22, 'ACTIVE'),
  ('WIPRO', 'Wipro Ltd', 'INE075A01022', 0.05, 250.0000, 0.26, 'ACTIVE'),
  ('HCLTECH', 'HCL Technologies Ltd', 'INE860A01027', 0.10, 1500.0000, 0.24, 'ACTIVE'),
  ('BHARTIARTL', 'Bharti Airtel Ltd', 'INE397D01024', 0.10, 2000.0000, 0.20, 'ACTIVE'),
  ('KOTAKBANK', 'Kotak Mahindra Bank Ltd', 'INE237A01028', 0.10, 2100.0000, 0.21, 'ACTIVE'),
  ('AXISBANK', 'Axis Bank Ltd', 'INE238A01034', 0.10, 1150.0000, 0.24, 'ACTIVE'),
  ('HINDUNILVR', 'Hindustan Unilever Ltd', 'INE030A01027', 0.10, 2450.0000, 0.17, 'ACTIVE'),
  ('BAJFINANCE', 'Bajaj Finance Ltd', 'INE296A01032', 0.10, 1020.0000, 0.30, 'ACTIVE'),
  ('MARUTI', 'Maruti Suzuki India Ltd', 'INE585B01010', 1.00, 15500.0000, 0.22, 'ACTIVE'),
  ('ASIANPAINT', 'Asian Paints Ltd', 'INE021A01026', 0.10, 2500.0000, 0.21, 'ACTIVE'),
  ('SUNPHARMA', 'Sun Pharmaceutical Industries Ltd', 'INE044A01036', 0.10, 1700.0000, 0.22, 'ACTIVE'),
  ('TITAN', 'Titan Company Ltd', 'INE280A01028', 0.10, 3500.0000, 0.25, 'ACTIVE'),
  ('ULTRACEMCO', 'UltraTech Cement Ltd', 'INE481G01011', 1.00, 12000.0000, 0.22, 'ACTIVE'),
  ('NESTLEIND', 'Nestle India Ltd', 'INE239A01024', 0.10, 1250.0000, 0.18, 'ACTIVE'),
  ('TATAMOTORS', 'Tata Motors Ltd', 'INE155A01022', 0.05, 680.0000, 0.35, 'ACTIVE'),
  ('TATASTEEL', 'Tata Steel Ltd', 'INE081A01020', 0.01, 165.0000, 0.32, 'ACTIVE'),
  ('POWERGRID', 'Power Grid Corporation of India Ltd', 'INE752E01010', 0.05, 290.0000, 0.22, 'ACTIVE'),
  ('NTPC', 'NTPC Ltd', 'INE733E01010', 0.05, 340.0000, 0.24, 'ACTIVE'),
  ('ONGC', 'Oil & Natural Gas Corporation Ltd', 'INE213A01029', 0.01, 245.0000, 0.28, 'ACTIVE'),
  ('COALINDIA', 'Coal India Ltd', 'INE522F01014', 0.05, 390.0000, 0.28, 'ACTIVE'),
  ('ADANIENT', 'Adani Enterprises Ltd', 'INE423A01024', 0.10, 2400.0000, 0.45, 'ACTIVE'),
  ('ADANIPORTS', 'Adani Ports and Special Economic Zone Ltd', 'INE742F01042', 0.10, 1450.0000, 0.38, 'ACTIVE'),
  ('BAJAJFINSV', 'Bajaj Finserv Ltd', 'INE918I01026', 0.10, 2000.0000, 0.26, 'ACTIVE'),
  ('BAJAJ-AUTO', 'Bajaj Auto Ltd', 'INE917I01010', 0.50, 8800.0000, 0.24, 'ACTIVE'),
  ('M&M', 'Mahindra & Mahindra Ltd', 'INE101A01026', 0.10, 3500.0000, 0.28, 'ACTIVE'),
  ('TECHM', 'Tech Mahindra Ltd', 'INE669C01036', 0.10, 1500.0000, 0.27, 'ACTIVE'),
  ('JSWSTEEL', 'JSW Steel Ltd', 'INE019A01038', 0.10, 1100.0000, 0.30, 'ACTIVE'),
  ('GRASIM', 'Grasim Industries Ltd', 'INE047A01021', 0.10, 2800.0000, 0.24, 'ACTIVE'),
  ('HINDALCO', 'Hindalco Industries Ltd', 'INE038A01020', 0.05, 750.0000, 0.32, 'ACTIVE'),
  ('DRREDDY', 'Dr. Reddy''s Laboratories Ltd', 'INE089A01031', 0.10, 1250.0000, 0.22, 'ACTIVE'),
  ('CIPLA', 'Cipla Ltd', 'INE059A01026', 0.10, 1500.0000, 0.22, 'ACTIVE'),
  ('DIVISLAB', 'Divi''s Laboratories Ltd', 'INE361B01024', 0.50, 6200.0000, 0.27, 'ACTIVE'),
  ('EICHERMOT', 'Eicher Motors Ltd', 'INE066A01021', 0.50, 6900.0000, 0.26, 'ACTIVE'),
  ('HEROMOTOCO', 'Hero MotoCorp Ltd', 'INE158A01026', 0.50, 5400.0000, 0.26, 'ACTIVE'),
  ('BRITANNIA', 'Britannia Industries Ltd', 'INE216A01030', 0.50, 5900.0000, 0.19, 'ACTIVE'),
  ('APOLLOHOSP', 'Apollo Hospitals Enterprise Ltd', 'INE437A01024', 0.50, 7500.0000, 0.25, 'ACTIVE'),
  ('INDUSINDBK', 'IndusInd Bank Ltd', 'INE095A01012', 0.05, 750.0000, 0.40, 'ACTIVE'),
  ('SBILIFE', 'SBI Life Insurance Company Ltd', 'INE123W01016', 0.10, 1800.0000, 0.22, 'ACTIVE'),
  ('HDFCLIFE', 'HDFC Life Insurance Company Ltd', 'INE795G01014', 0.05, 760.0000, 0.24, 'ACTIVE'),
  ('TATACONSUM', 'Tata Consumer Products Ltd', 'INE192A01025', 0.10, 1150.0000, 0.23, 'ACTIVE'),
  ('BPCL', 'Bharat Petroleum Corporation Ltd', 'INE029A01011', 0.05, 320.0000, 0.30, 'ACTIVE'),
  ('TRENT', 'Trent Ltd', 'INE849A01020', 0.10, 4800.0000, 0.35, 'ACTIVE'),
  ('BEL', 'Bharat Electronics Ltd', 'INE263A01024', 0.05, 410.0000, 0.32, 'ACTIVE'),
  ('SREINFRA', 'Srei Infrastructure Finance Ltd', 'INE872A01014', 0.01, 3.5000, 0.60, 'SUSPENDED')
  ) AS s (symbol, name, isin, tick_size, reference_price, volatility, status);

-- NSE trading holidays on weekdays, 2025 and 2026 (NSE circulars); later years come by migration.
INSERT INTO market_holidays (exchange, day, name) VALUES
  ('NSE', '2025-02-26', 'Mahashivratri'),
  ('NSE', '2025-03-14', 'Holi'),
  ('NSE', '2025-03-31', 'Id-Ul-Fitr'),
  ('NSE', '2025-04-10', 'Shri Mahavir Jayanti'),
  ('NSE', '2025-04-14', 'Dr. Baba Saheb Ambedkar Jayanti'),
  ('NSE', '2025-04-18', 'Good Friday'),
  ('NSE', '2025-05-01', 'Maharashtra Day'),
  ('NSE', '2025-08-15', 'Independence Day'),
  ('NSE', '2025-08-27', 'Ganesh Chaturthi'),
  ('NSE', '2025-10-02', 'Mahatma Gandhi Jayanti / Dussehra'),
  ('NSE', '2025-10-21', 'Diwali Laxmi Pujan'),
  ('NSE', '2025-10-22', 'Diwali Balipratipada'),
  ('NSE', '2025-11-05', 'Prakash Gurpurb Sri Guru Nanak Dev'),
  ('NSE', '2025-12-25', 'Christmas'),
  ('NSE', '2026-01-26', 'Republic Day'),
  ('NSE', '2026-03-03', 'Holi'),
  ('NSE', '2026-03-26', 'Shri Ram Navami'),
  ('NSE', '2026-03-31', 'Shri Mahavir Jayanti'),
  ('NSE', '2026-04-03', 'Good Friday'),
  ('NSE', '2026-04-14', 'Dr. Baba Saheb Ambedkar Jayanti'),
  ('NSE', '2026-05-01', 'Maharashtra Day'),
  ('NSE', '2026-05-28', 'Bakri Id'),
  ('NSE', '2026-06-26', 'Muharram'),
  ('NSE', '2026-09-14', 'Ganesh Chaturthi'),
  ('NSE', '2026-10-02', 'Mahatma Gandhi Jayanti'),
  ('NSE', '2026-10-20', 'Dussehra'),
  ('NSE', '2026-11-10', 'Diwali Balipratipada'),
  ('NSE', '2026-11-24', 'Prakash Gurpurb Sri Guru Nanak Dev'),
  ('NSE', '2026-12-25', 'Christmas');
