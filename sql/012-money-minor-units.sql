-- Amounts in their currency's minor unit (docs/money.md): until now every
-- amount was kept in hundredths of its major unit whatever the currency;
-- from here on in the currency's own minor unit, ISO 4217's exponent (the
-- one table is src/core/currency.c): a yen for JPY, a fils (a thousandth)
-- for KWD, a cent for USD. This converts the amounts of the currencies
-- whose exponent is not 2: the deals' and offerings' amounts (the report
-- rollups follow through their triggers) and the amounts history events
-- recorded, which are renamed from *_cents to *_minor for every currency
-- ({"before": {"value_minor": 1050}, ...}). Hundredths of a currency
-- without decimals round half away from zero (JPY 1000.50 is JPY 1,001).
-- An event's amount is read in the currency the event names, else the
-- record's currency as it is.
--
-- The columns keep their names (deals.value_cents, offerings.price_cents,
-- the rollups' *_cents): the report rollups of sql/005 and sql/007 and
-- their triggers, written out per dialect, name them; they hold minor
-- units from here on, and every name a program reads (the API, --json,
-- the backup) is *_minor.

-- Per currency: minor units = (hundredths * multiplier + divisor / 2) /
-- divisor. The currencies of two decimals are not listed: they stay as
-- they are.
CREATE TABLE migrate_minor_scale (
  currency TEXT PRIMARY KEY,
  multiplier BIGINT NOT NULL,
  divisor BIGINT NOT NULL
);
INSERT INTO migrate_minor_scale (currency, multiplier, divisor) VALUES
  ('BIF', 1, 100), ('CLP', 1, 100), ('DJF', 1, 100), ('GNF', 1, 100),
  ('ISK', 1, 100), ('JPY', 1, 100), ('KMF', 1, 100), ('KRW', 1, 100),
  ('PYG', 1, 100), ('RWF', 1, 100), ('UGX', 1, 100), ('UYI', 1, 100),
  ('VND', 1, 100), ('VUV', 1, 100), ('XAF', 1, 100), ('XOF', 1, 100),
  ('XPF', 1, 100), ('BHD', 10, 1), ('IQD', 10, 1), ('JOD', 10, 1),
  ('KWD', 10, 1), ('LYD', 10, 1), ('OMR', 10, 1), ('TND', 10, 1),
  ('CLF', 100, 1), ('UYW', 100, 1);

UPDATE deals
SET value_cents = (value_cents * s.multiplier + s.divisor / 2) / s.divisor
FROM migrate_minor_scale s WHERE s.currency = deals.currency;
UPDATE offerings
SET price_cents = (price_cents * s.multiplier + s.divisor / 2) / s.divisor
FROM migrate_minor_scale s
WHERE s.currency = offerings.currency AND offerings.price_cents IS NOT NULL;

-- The scale of each event's amounts: of its "after" side (or of a
-- creation) and of its "before" side.
CREATE TABLE migrate_minor_events (
  id BIGINT PRIMARY KEY,
  after_multiplier BIGINT NOT NULL, after_divisor BIGINT NOT NULL,
  before_multiplier BIGINT NOT NULL, before_divisor BIGINT NOT NULL
);

-- @SQLITE@
INSERT INTO migrate_minor_events (id, after_multiplier, after_divisor,
                                  before_multiplier, before_divisor)
SELECT e.id, COALESCE(sa.multiplier, 1), COALESCE(sa.divisor, 1),
  COALESCE(sb.multiplier, 1), COALESCE(sb.divisor, 1)
FROM events e
LEFT JOIN deals d ON e.entity = 'deal' AND d.org_id = e.org_id
  AND d.id = e.entity_id
LEFT JOIN offerings o ON e.entity = 'offering' AND o.org_id = e.org_id
  AND o.id = e.entity_id
LEFT JOIN migrate_minor_scale sa ON sa.currency = upper(COALESCE(
  json_extract(e.data, '$.after.currency'), json_extract(e.data, '$.currency'),
  d.currency, o.currency))
LEFT JOIN migrate_minor_scale sb ON sb.currency = upper(COALESCE(
  json_extract(e.data, '$.before.currency'), d.currency, o.currency))
WHERE e.entity IN ('deal', 'offering') AND e.data LIKE '%\_cents"%' ESCAPE '\'
  AND json_valid(e.data);

UPDATE events SET data = json_set(json_remove(events.data, '$.value_cents'),
  '$.value_minor', CASE WHEN json_type(events.data, '$.value_cents') = 'integer'
    THEN (json_extract(events.data, '$.value_cents') * x.after_multiplier
      + x.after_divisor / 2) / x.after_divisor END)
FROM migrate_minor_events x
WHERE x.id = events.id AND json_type(events.data, '$.value_cents') IS NOT NULL;
UPDATE events SET data = json_set(json_remove(events.data, '$.price_cents'),
  '$.price_minor', CASE WHEN json_type(events.data, '$.price_cents') = 'integer'
    THEN (json_extract(events.data, '$.price_cents') * x.after_multiplier
      + x.after_divisor / 2) / x.after_divisor END)
FROM migrate_minor_events x
WHERE x.id = events.id AND json_type(events.data, '$.price_cents') IS NOT NULL;
UPDATE events SET data = json_set(json_remove(events.data, '$.after.value_cents'),
  '$.after.value_minor', CASE WHEN json_type(events.data, '$.after.value_cents')
    = 'integer' THEN (json_extract(events.data, '$.after.value_cents')
      * x.after_multiplier + x.after_divisor / 2) / x.after_divisor END)
FROM migrate_minor_events x
WHERE x.id = events.id
  AND json_type(events.data, '$.after.value_cents') IS NOT NULL;
UPDATE events SET data = json_set(json_remove(events.data, '$.before.value_cents'),
  '$.before.value_minor', CASE WHEN json_type(events.data, '$.before.value_cents')
    = 'integer' THEN (json_extract(events.data, '$.before.value_cents')
      * x.before_multiplier + x.before_divisor / 2) / x.before_divisor END)
FROM migrate_minor_events x
WHERE x.id = events.id
  AND json_type(events.data, '$.before.value_cents') IS NOT NULL;
UPDATE events SET data = json_set(json_remove(events.data, '$.after.price_cents'),
  '$.after.price_minor', CASE WHEN json_type(events.data, '$.after.price_cents')
    = 'integer' THEN (json_extract(events.data, '$.after.price_cents')
      * x.after_multiplier + x.after_divisor / 2) / x.after_divisor END)
FROM migrate_minor_events x
WHERE x.id = events.id
  AND json_type(events.data, '$.after.price_cents') IS NOT NULL;
UPDATE events SET data = json_set(json_remove(events.data, '$.before.price_cents'),
  '$.before.price_minor', CASE WHEN json_type(events.data, '$.before.price_cents')
    = 'integer' THEN (json_extract(events.data, '$.before.price_cents')
      * x.before_multiplier + x.before_divisor / 2) / x.before_divisor END)
FROM migrate_minor_events x
WHERE x.id = events.id
  AND json_type(events.data, '$.before.price_cents') IS NOT NULL;
-- @END@

-- @PG@
INSERT INTO migrate_minor_events (id, after_multiplier, after_divisor,
                                  before_multiplier, before_divisor)
SELECT e.id, COALESCE(sa.multiplier, 1), COALESCE(sa.divisor, 1),
  COALESCE(sb.multiplier, 1), COALESCE(sb.divisor, 1)
FROM events e
LEFT JOIN deals d ON e.entity = 'deal' AND d.org_id = e.org_id
  AND d.id = e.entity_id
LEFT JOIN offerings o ON e.entity = 'offering' AND o.org_id = e.org_id
  AND o.id = e.entity_id
LEFT JOIN migrate_minor_scale sa ON sa.currency = upper(COALESCE(
  e.data::jsonb #>> '{after,currency}', e.data::jsonb ->> 'currency',
  d.currency, o.currency))
LEFT JOIN migrate_minor_scale sb ON sb.currency = upper(COALESCE(
  e.data::jsonb #>> '{before,currency}', d.currency, o.currency))
WHERE e.entity IN ('deal', 'offering') AND e.data LIKE '%\_cents"%' ESCAPE '\';

UPDATE events SET data = jsonb_set(events.data::jsonb #- '{value_cents}',
  '{value_minor}',
  CASE WHEN jsonb_typeof(events.data::jsonb #> '{value_cents}') = 'number'
    THEN to_jsonb(((events.data::jsonb #>> '{value_cents}')::bigint
      * x.after_multiplier + x.after_divisor / 2) / x.after_divisor)
    ELSE 'null'::jsonb END)::text
FROM migrate_minor_events x
WHERE x.id = events.id AND events.data::jsonb #> '{value_cents}' IS NOT NULL;
UPDATE events SET data = jsonb_set(events.data::jsonb #- '{price_cents}',
  '{price_minor}',
  CASE WHEN jsonb_typeof(events.data::jsonb #> '{price_cents}') = 'number'
    THEN to_jsonb(((events.data::jsonb #>> '{price_cents}')::bigint
      * x.after_multiplier + x.after_divisor / 2) / x.after_divisor)
    ELSE 'null'::jsonb END)::text
FROM migrate_minor_events x
WHERE x.id = events.id AND events.data::jsonb #> '{price_cents}' IS NOT NULL;
UPDATE events SET data = jsonb_set(events.data::jsonb #- '{after,value_cents}',
  '{after,value_minor}',
  CASE WHEN jsonb_typeof(events.data::jsonb #> '{after,value_cents}') = 'number'
    THEN to_jsonb(((events.data::jsonb #>> '{after,value_cents}')::bigint
      * x.after_multiplier + x.after_divisor / 2) / x.after_divisor)
    ELSE 'null'::jsonb END)::text
FROM migrate_minor_events x
WHERE x.id = events.id AND events.data::jsonb #> '{after,value_cents}' IS NOT NULL;
UPDATE events SET data = jsonb_set(events.data::jsonb #- '{before,value_cents}',
  '{before,value_minor}',
  CASE WHEN jsonb_typeof(events.data::jsonb #> '{before,value_cents}') = 'number'
    THEN to_jsonb(((events.data::jsonb #>> '{before,value_cents}')::bigint
      * x.before_multiplier + x.before_divisor / 2) / x.before_divisor)
    ELSE 'null'::jsonb END)::text
FROM migrate_minor_events x
WHERE x.id = events.id AND events.data::jsonb #> '{before,value_cents}' IS NOT NULL;
UPDATE events SET data = jsonb_set(events.data::jsonb #- '{after,price_cents}',
  '{after,price_minor}',
  CASE WHEN jsonb_typeof(events.data::jsonb #> '{after,price_cents}') = 'number'
    THEN to_jsonb(((events.data::jsonb #>> '{after,price_cents}')::bigint
      * x.after_multiplier + x.after_divisor / 2) / x.after_divisor)
    ELSE 'null'::jsonb END)::text
FROM migrate_minor_events x
WHERE x.id = events.id AND events.data::jsonb #> '{after,price_cents}' IS NOT NULL;
UPDATE events SET data = jsonb_set(events.data::jsonb #- '{before,price_cents}',
  '{before,price_minor}',
  CASE WHEN jsonb_typeof(events.data::jsonb #> '{before,price_cents}') = 'number'
    THEN to_jsonb(((events.data::jsonb #>> '{before,price_cents}')::bigint
      * x.before_multiplier + x.before_divisor / 2) / x.before_divisor)
    ELSE 'null'::jsonb END)::text
FROM migrate_minor_events x
WHERE x.id = events.id AND events.data::jsonb #> '{before,price_cents}' IS NOT NULL;
-- @END@

DROP TABLE migrate_minor_events;
DROP TABLE migrate_minor_scale;
