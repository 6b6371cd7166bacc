-- Imports: how far each import of a file got (so `--resume` skips exactly
-- what was committed), and the other system's ids of imported records (so
-- importing the same export again finds them).

CREATE TABLE import_runs (
  org_id BIGINT NOT NULL,
  input_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  rows_done BIGINT NOT NULL,
  finished BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, input_hash, kind)
);

CREATE TABLE import_keys (
  org_id BIGINT NOT NULL,
  entity TEXT NOT NULL,
  ext_id TEXT NOT NULL,
  id BIGINT NOT NULL,
  PRIMARY KEY (org_id, entity, ext_id)
);
