-- Merges of two contacts or two accounts (src/core/merge.c, docs/merge.md).
-- A merge keeps one record, the survivor, takes field by field the values
-- it keeps from either, moves every reference to the merged-away record
-- onto it and deletes that record. What an undo needs to restore both
-- exactly is kept here: both rows as they were (JSON objects of column
-- text, NULL as null), which rows of which (table, column) were moved,
-- and the rows set aside because the survivor already had their like (a
-- stakeholder of the same deal). An undo is allowed the day of the merge.
CREATE TABLE merges (
  @PK@,
  org_id BIGINT NOT NULL,
  entity TEXT NOT NULL CHECK (entity IN ('contact', 'account')),
  survivor_id BIGINT NOT NULL,
  merged_id BIGINT NOT NULL,
  merged_name TEXT NOT NULL,
  -- the survivor's row before the merge and its version after it: an undo
  -- is refused once the survivor has changed since
  survivor_row TEXT NOT NULL,
  survivor_version BIGINT NOT NULL,
  merged_row TEXT NOT NULL,
  -- {"taken": [fields], "refs": [{table, column, key, keys}], "removed":
  --  [{table, row}]}
  moved TEXT NOT NULL,
  merged_by BIGINT,
  merged_at TEXT NOT NULL,
  undone_by BIGINT,
  undone_at TEXT,
  @KEY@
);
CREATE INDEX merges_survivor ON merges (org_id, entity, survivor_id, id);
