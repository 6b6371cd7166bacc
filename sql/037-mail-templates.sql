-- Mail templates (docs/mail.md, src/core/mail-template.c): per
-- organisation, a name, a subject and a body with merge fields
-- ({{first_name}}, {{deal}}, ...). The fields are checked when a template is
-- saved, so a stored template only names fields Fulcrum knows.
CREATE TABLE mail_templates (
  @PK@,
  org_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  UNIQUE (org_id, name)
);
