-- Likely duplicates (docs/duplicates.md): each contact's and account's
-- normalised keys (an e-mail in lower case, a phone's last nine digits, an
-- e-mail's company domain, an account's domain and folded name), so that
-- finding the records that share one is an indexed lookup. The keys are
-- derived: core/duplicate-keys.c writes them in the transaction of every
-- write of the record, and rebuilds an organisation's after a restore or a
-- bulk load. Folding accents and reading phones is C's work, so the keys of
-- the records that exist before this migration are written once by the
-- binary after migrating (duplicates_catch_up), for the organisations
-- listed in duplicate_keys_pending.
CREATE TABLE duplicate_keys (
  org_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  rule TEXT NOT NULL,
  norm TEXT NOT NULL,
  PRIMARY KEY (org_id, kind, record_id, rule, norm)
);
-- record_id last: the lookups of a key read its records in id order from
-- this index alone (without it the planner walks the primary key instead,
-- every record of the kind, to avoid sorting)
CREATE INDEX duplicate_keys_norm ON duplicate_keys (org_id, kind, rule, norm,
  record_id);

CREATE TABLE duplicate_keys_pending (
  org_id BIGINT PRIMARY KEY
);
INSERT INTO duplicate_keys_pending (org_id) SELECT id FROM orgs;

-- A vCard's UID, so that importing the same cards again finds them even
-- when they carry no e-mail.
ALTER TABLE contacts ADD COLUMN vcard_uid TEXT;
CREATE INDEX contacts_vcard_uid ON contacts (org_id, vcard_uid);
