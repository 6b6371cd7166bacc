-- Currencies (docs/money.md): each organisation has a base currency that
-- every total, report and forecast converts to, and a table of exchange
-- rates: RATE is what 1 unit of CURRENCY is worth in the base currency,
-- from VALID_FROM until the next rate of that currency. A rate is a
-- decimal text of at most 6 places ("1.085", "0.0062"), kept exact.
ALTER TABLE orgs ADD COLUMN base_currency TEXT NOT NULL DEFAULT 'USD';

CREATE TABLE exchange_rates (
  @PK@,
  org_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  rate TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  UNIQUE (org_id, currency, valid_from)
);
