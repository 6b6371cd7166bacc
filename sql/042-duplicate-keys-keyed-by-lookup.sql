-- duplicate_keys (sql/023-duplicates.sql) keyed the way it is read: a
-- key's records are looked up by (org_id, kind, rule, norm) far more often
-- than a record's keys, which are only replaced when the record is written.
-- On SQLite the table becomes WITHOUT ROWID with that order as its primary
-- key, so a key is one B-tree row instead of three (the rowid table, its
-- primary key's index and duplicate_keys_norm); the record's keys are found
-- through duplicate_keys_record, which carries the key's columns too (an
-- index of a WITHOUT ROWID table holds the primary key). On PostgreSQL the
-- primary key and the second index change places the same way.
-- @SQLITE@
CREATE TABLE duplicate_keys_new (
  org_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  rule TEXT NOT NULL,
  norm TEXT NOT NULL,
  PRIMARY KEY (org_id, kind, rule, norm, record_id)
) WITHOUT ROWID;
INSERT INTO duplicate_keys_new (org_id, kind, record_id, rule, norm)
  SELECT org_id, kind, record_id, rule, norm FROM duplicate_keys;
DROP TABLE duplicate_keys;
ALTER TABLE duplicate_keys_new RENAME TO duplicate_keys;
-- @END@
-- @PG@
DROP INDEX duplicate_keys_norm;
ALTER TABLE duplicate_keys DROP CONSTRAINT duplicate_keys_pkey;
ALTER TABLE duplicate_keys ADD PRIMARY KEY (org_id, kind, rule, norm,
  record_id);
-- @END@
CREATE INDEX duplicate_keys_record ON duplicate_keys (org_id, kind,
  record_id);
