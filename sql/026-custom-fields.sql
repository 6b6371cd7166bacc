-- Custom fields (src/core/field.c, docs/custom-fields.md): an admin defines
-- fields of their own per kind of record (contact, account, deal), each with
-- a key, a label and a type; a deal field may be required before a deal
-- leaves a step (required_step joins that step's exit criteria). A field
-- that holds values is archived rather than deleted: its values stay.
CREATE TABLE custom_fields (
  @PK@,
  org_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('contact', 'account', 'deal')),
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text', 'number', 'money', 'date',
    'choice', 'yesno', 'contact', 'account')),
  choices TEXT,
  currency TEXT,
  required_step TEXT,
  position BIGINT NOT NULL DEFAULT 0,
  archived BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  UNIQUE (org_id, kind, key)
);

-- One value of one field of one record. text_value holds text, choices,
-- dates and numbers (in their one written form, so equality filters work);
-- number_value holds amounts (minor units of the field's currency), yes/no
-- (0/1) and links (the id of the contact or account).
CREATE TABLE custom_values (
  org_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  field_id BIGINT NOT NULL,
  text_value TEXT,
  number_value BIGINT,
  PRIMARY KEY (org_id, kind, record_id, field_id),
  FOREIGN KEY (org_id, field_id) REFERENCES custom_fields (org_id, id)
);
-- list filters: the records whose field holds a value
CREATE INDEX custom_values_text ON custom_values (org_id, field_id, text_value);
CREATE INDEX custom_values_number ON custom_values (org_id, field_id,
  number_value);
