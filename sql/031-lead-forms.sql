-- Lead forms (src/core/form.c, docs/forms.md): a form an organisation puts on
-- its website. Fulcrum serves it at /forms/{key} and takes its posts without
-- a session, so the key alone names the form (unique across organisations).
-- fields and required are JSON arrays of field names; origins a JSON array
-- of the web origins allowed to post from a browser. A lead goes to
-- lead_owner_id or, when team is set, to the active users of that team in
-- turn: turn counts the leads handed out, so it survives restarts and nodes.
CREATE TABLE forms (
  @PK@,
  org_id BIGINT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  fields TEXT NOT NULL,
  required TEXT NOT NULL,
  lead_owner_id BIGINT,
  team TEXT,
  turn BIGINT NOT NULL DEFAULT 0,
  process_id BIGINT,
  origins TEXT,
  thanks TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@
);

-- Posts to an organisation's forms per client address within the current
-- window (core/form-limit.c): one statement counts and reads, so parallel
-- posts cannot all pass.
CREATE TABLE form_posts (
  org_id BIGINT NOT NULL,
  address TEXT NOT NULL,
  posts BIGINT NOT NULL DEFAULT 0,
  window_start TEXT NOT NULL,
  PRIMARY KEY (org_id, address)
);
