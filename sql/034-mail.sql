-- Outgoing mail (docs/mail.md, src/core/mail-settings.c): one SMTP server
-- per organisation. The password is never stored in clear: password_box is
-- the libsodium secret box of it, under a key kept outside the database
-- (FULCRUM_SECRET_KEY_FILE; src/core/secret-box.c); '' when none is set.
CREATE TABLE mail_settings (
  org_id BIGINT PRIMARY KEY,
  host TEXT NOT NULL,
  port BIGINT NOT NULL CHECK (port BETWEEN 1 AND 65535),
  security TEXT NOT NULL CHECK (security IN ('starttls', 'tls', 'none')),
  username TEXT NOT NULL DEFAULT '',
  password_box TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL DEFAULT '',
  base_url TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

-- Each user's morning digest and next-step reminders: on unless turned off,
-- sent at digest_time (HH:MM, the server's UTC); last_sent_on keeps a cron
-- run from sending the same morning twice.
CREATE TABLE mail_preferences (
  org_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  digest BIGINT NOT NULL DEFAULT 1,
  reminders BIGINT NOT NULL DEFAULT 1,
  digest_time TEXT NOT NULL DEFAULT '07:00',
  last_sent_on TEXT,
  PRIMARY KEY (org_id, user_id)
);
