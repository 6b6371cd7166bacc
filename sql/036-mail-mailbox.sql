-- Incoming mail (docs/mail.md, "The BCC mailbox"; src/core/mail-mailbox.c):
-- one IMAP mailbox per organisation. As for the SMTP server, the password
-- is never stored in clear: password_box is its libsodium secret box under
-- the key kept outside the database (src/core/secret-box.c).
CREATE TABLE mail_mailbox (
  org_id BIGINT PRIMARY KEY,
  host TEXT NOT NULL,
  port BIGINT NOT NULL CHECK (port BETWEEN 1 AND 65535),
  security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
  username TEXT NOT NULL,
  password_box TEXT NOT NULL DEFAULT '',
  folder TEXT NOT NULL DEFAULT 'INBOX',
  -- after a message is logged: 'seen' marks it \Seen, 'move' moves it to
  -- move_to
  after_logged TEXT NOT NULL DEFAULT 'seen'
    CHECK (after_logged IN ('seen', 'move')),
  move_to TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

-- How far the fetcher has read each folder: the folder's UIDVALIDITY and
-- the highest UID it has handled (logged, or skipped as malformed, and
-- marked). A message above last_uid is fetched again, so a fetcher stopped
-- at any point loses nothing; the Message-ID keeps it from being logged
-- twice.
CREATE TABLE mail_mailbox_state (
  org_id BIGINT NOT NULL,
  folder TEXT NOT NULL,
  uidvalidity BIGINT NOT NULL,
  last_uid BIGINT NOT NULL DEFAULT 0,
  fetched_at TEXT,
  PRIMARY KEY (org_id, folder)
);

-- The leases of the background work of `fulcrum serve` (src/core/lease.c):
-- per job and organisation, the one node that does it until UNTIL_MS. The
-- webhook delivery's leases move here from webhook_leases.
CREATE TABLE work_leases (
  job TEXT NOT NULL,
  org_id BIGINT NOT NULL,
  holder TEXT NOT NULL,
  until_ms BIGINT NOT NULL,
  PRIMARY KEY (job, org_id)
);
DROP TABLE webhook_leases;
