-- Incoming mail (docs/mail.md, "Incoming mail"; src/core/mail-ingest.c):
-- each message the organisation's BCC mailbox received, by its key (its
-- Message-ID, or "headers:" and a hash of its header block when it has
-- none), with what became of it. The key is unique per organisation and
-- the row is written in the transaction that logs the message, so a message
-- is logged once however often, and on however many nodes, it is fetched.
-- A message not logged (no user among its addresses, malformed) may be
-- ingested again, and then its row changes.
CREATE TABLE mail_ingested (
  org_id BIGINT NOT NULL,
  message_key TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('logged', 'no_user', 'malformed')),
  reason TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  interactions BIGINT NOT NULL DEFAULT 0,
  candidates BIGINT NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL,
  PRIMARY KEY (org_id, message_key)
);
