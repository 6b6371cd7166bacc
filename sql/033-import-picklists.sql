-- What an import keeps of another CRM's picklists (src/core/import/
-- picklist.c, docs/import.md): the lead source as their export labelled it
-- when ours is a synonym or 'other' ('Online Form' is web, 'Podcast' is
-- other), and a lead's status there ('Working', 'Qualified').
ALTER TABLE contacts ADD COLUMN source_label TEXT;
ALTER TABLE contacts ADD COLUMN lead_status TEXT;

-- The other CRM's ids of a record (import_keys, 004): is this record one of
-- theirs? Two rows with ids of their own are two records even when they
-- share an e-mail (src/core/import/distinct.c).
CREATE INDEX import_keys_record ON import_keys (org_id, entity, id);
