-- History events record money in one unit, integer cents, under the
-- column's name (docs/money.md): {"before": {"value_cents": 1050},
-- "after": {"value_cents": 2000}}. Events written before kept a deal's
-- creation amount as it was given ("value": "10.50", 44500 in whole
-- units), an update's old amount in whole units ("before": {"value":
-- 10.5}) and its new one in cents ("after": {"value": 2000}), and an
-- offering's price in cents ("price"). This rewrites them all to cents.

-- @SQLITE@
UPDATE events SET data = json_set(json_remove(data, '$.value'), '$.value_cents',
  CAST(ROUND(CAST(REPLACE(REPLACE(REPLACE(json_extract(data, '$.value'),
    '$', ''), ',', ''), ' ', '') AS REAL) * 100) AS INTEGER))
WHERE entity = 'deal' AND action = 'create' AND data LIKE '%"value"%'
  AND json_valid(data) AND json_type(data, '$.value') IN ('integer', 'real', 'text');

UPDATE events SET data = json_set(json_remove(data, '$.price'), '$.price_cents',
  json_extract(data, '$.price'))
WHERE entity = 'offering' AND action = 'create' AND data LIKE '%"price"%'
  AND json_valid(data) AND json_type(data, '$.price') IN ('integer', 'null');

UPDATE events SET data = json_set(json_remove(data, '$.before.value', '$.after.value'),
  '$.before.value_cents',
  CAST(ROUND(json_extract(data, '$.before.value') * 100) AS INTEGER),
  '$.after.value_cents', json_extract(data, '$.after.value'))
WHERE entity = 'deal' AND action = 'update' AND data LIKE '%"value"%'
  AND json_valid(data) AND json_type(data, '$.after.value') = 'integer'
  AND json_type(data, '$.before.value') IN ('integer', 'real', 'null');

UPDATE events SET data = json_set(json_remove(data, '$.before.price', '$.after.price'),
  '$.before.price_cents',
  CAST(ROUND(json_extract(data, '$.before.price') * 100) AS INTEGER),
  '$.after.price_cents', json_extract(data, '$.after.price'))
WHERE entity = 'offering' AND action = 'update' AND data LIKE '%"price"%'
  AND json_valid(data) AND json_type(data, '$.after.price') IN ('integer', 'null')
  AND json_type(data, '$.before.price') IN ('integer', 'real', 'null');
-- @END@

-- @PG@
UPDATE events SET data = ((data::jsonb - 'value') || jsonb_build_object('value_cents',
  LEAST(ROUND(REPLACE(REPLACE(REPLACE(data::jsonb ->> 'value', '$', ''), ',', ''),
    ' ', '')::numeric * 100), 9223372036854775807)::bigint))::text
WHERE entity = 'deal' AND action = 'create' AND data LIKE '%"value"%'
  AND jsonb_typeof(data::jsonb -> 'value') IN ('number', 'string');

UPDATE events SET data = ((data::jsonb - 'price') || jsonb_build_object('price_cents',
  data::jsonb -> 'price'))::text
WHERE entity = 'offering' AND action = 'create' AND data LIKE '%"price"%'
  AND jsonb_typeof(data::jsonb -> 'price') IN ('number', 'null');

UPDATE events SET data = jsonb_set(jsonb_set(
  data::jsonb #- '{before,value}' #- '{after,value}',
  '{before,value_cents}', CASE WHEN data::jsonb #>> '{before,value}' IS NULL
    THEN 'null'::jsonb ELSE to_jsonb(LEAST(ROUND((data::jsonb #>> '{before,value}')::numeric
    * 100), 9223372036854775807)::bigint) END),
  '{after,value_cents}', data::jsonb #> '{after,value}')::text
WHERE entity = 'deal' AND action = 'update' AND data LIKE '%"value"%'
  AND jsonb_typeof(data::jsonb #> '{after,value}') = 'number'
  AND jsonb_typeof(data::jsonb #> '{before,value}') IN ('number', 'null');

UPDATE events SET data = jsonb_set(jsonb_set(
  data::jsonb #- '{before,price}' #- '{after,price}',
  '{before,price_cents}', CASE WHEN data::jsonb #>> '{before,price}' IS NULL
    THEN 'null'::jsonb ELSE to_jsonb(LEAST(ROUND((data::jsonb #>> '{before,price}')::numeric
    * 100), 9223372036854775807)::bigint) END),
  '{after,price_cents}', data::jsonb #> '{after,price}')::text
WHERE entity = 'offering' AND action = 'update' AND data LIKE '%"price"%'
  AND jsonb_typeof(data::jsonb #> '{after,price}') IN ('number', 'null')
  AND jsonb_typeof(data::jsonb #> '{before,price}') IN ('number', 'null');
-- @END@
