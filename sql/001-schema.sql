-- The whole domain of SPEC.md §2. Every table carries org_id and every key
-- leads with it, so the schema distributes by organisation (docs/scaling.md).
-- Dates are 'YYYY-MM-DD' and times 'YYYY-MM-DDTHH:MM:SSZ' text (UTC): they
-- sort as text and compare the same in both dialects. Money is BIGINT cents.
-- @PK@ and @KEY@ are replaced per dialect by src/store/migrate.c.

CREATE TABLE orgs (
  @ORGPK@,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  @PK@,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
  team TEXT,
  password_hash TEXT,
  calendar_token TEXT,
  active BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  UNIQUE (org_id, email)
);
CREATE INDEX users_team ON users (org_id, team);
CREATE UNIQUE INDEX users_calendar ON users (calendar_token);

CREATE TABLE api_tokens (
  @PK@,
  org_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  name TEXT,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked BIGINT NOT NULL DEFAULT 0,
  @KEY@,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

CREATE TABLE sessions (
  @PK@,
  org_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  @KEY@,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE UNIQUE INDEX sessions_hash ON sessions (token_hash);

-- Failed logins per email and per client address, shared by every node.
CREATE TABLE login_attempts (
  subject TEXT PRIMARY KEY,
  failures BIGINT NOT NULL DEFAULT 0,
  last_failure_at TEXT,
  locked_until TEXT
);

CREATE TABLE processes (
  @PK@,
  org_id BIGINT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  is_default BIGINT NOT NULL DEFAULT 0,
  check_days BIGINT NOT NULL DEFAULT 14,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  UNIQUE (org_id, key)
);

CREATE TABLE steps (
  @PK@,
  org_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL,
  position BIGINT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  phase TEXT NOT NULL CHECK (phase IN ('engage', 'comfort', 'discover',
                                       'present', 'agree', 'follow_up')),
  goal TEXT NOT NULL,
  guidance TEXT NOT NULL,
  criteria TEXT NOT NULL,
  probability BIGINT NOT NULL,
  stall_days BIGINT NOT NULL,
  @KEY@,
  UNIQUE (org_id, process_id, key),
  FOREIGN KEY (org_id, process_id) REFERENCES processes (org_id, id)
);

CREATE TABLE accounts (
  @PK@,
  org_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  domain TEXT,
  industry TEXT,
  size TEXT,
  address TEXT,
  owner_id BIGINT,
  status TEXT NOT NULL DEFAULT 'prospect'
    CHECK (status IN ('prospect', 'customer', 'former')),
  referred_by_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id)
);
CREATE INDEX accounts_owner ON accounts (org_id, owner_id);
CREATE INDEX accounts_name ON accounts (org_id, name);
CREATE INDEX accounts_domain ON accounts (org_id, domain);

CREATE TABLE contacts (
  @PK@,
  org_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  emails TEXT,
  phone TEXT,
  phones TEXT,
  title TEXT,
  account_id BIGINT,
  owner_id BIGINT,
  source TEXT CHECK (source IN ('referral', 'inbound', 'outbound', 'event',
                                'web', 'other')),
  referred_by_id BIGINT,
  need TEXT,
  timing_from TEXT,
  timing_to TEXT,
  comfort BIGINT NOT NULL DEFAULT 0 CHECK (comfort BETWEEN 0 AND 5),
  preferred_channel TEXT,
  tags TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id),
  FOREIGN KEY (org_id, referred_by_id) REFERENCES contacts (org_id, id)
);
CREATE INDEX contacts_owner ON contacts (org_id, owner_id, timing_from);
CREATE INDEX contacts_account ON contacts (org_id, account_id);
CREATE INDEX contacts_email ON contacts (org_id, email);
CREATE INDEX contacts_name ON contacts (org_id, name);

CREATE TABLE deals (
  @PK@,
  org_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL,
  step TEXT NOT NULL,
  step_entered_at TEXT NOT NULL,
  value_cents BIGINT NOT NULL DEFAULT 0,
  currency TEXT NOT NULL DEFAULT 'USD',
  close_date TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  lost_reason TEXT,
  owner_id BIGINT NOT NULL,
  next_step_id BIGINT,
  delivered_on TEXT,
  closed_at TEXT,
  source_referral_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
  FOREIGN KEY (org_id, process_id) REFERENCES processes (org_id, id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id)
);
CREATE INDEX deals_owner ON deals (org_id, owner_id, status, step);
CREATE INDEX deals_status ON deals (org_id, status, process_id, step);
CREATE INDEX deals_account ON deals (org_id, account_id);
CREATE INDEX deals_contact ON deals (org_id, contact_id);
CREATE INDEX deals_close ON deals (org_id, status, close_date);

CREATE TABLE stakeholders (
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('decision_maker', 'influencer', 'user',
                                     'champion', 'committee_member')),
  PRIMARY KEY (org_id, deal_id, contact_id),
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);

-- Records shared with a user beyond their own (SPEC.md §5.2 access).
CREATE TABLE shares (
  org_id BIGINT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  PRIMARY KEY (org_id, entity, entity_id, user_id)
);
CREATE INDEX shares_user ON shares (org_id, user_id, entity);

CREATE TABLE offerings (
  @PK@,
  org_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  price_cents BIGINT,
  currency TEXT NOT NULL DEFAULT 'USD',
  benefits TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@
);

CREATE TABLE interactions (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT,
  contact_id BIGINT,
  owner_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'web', 'visit')),
  at TEXT NOT NULL,
  purpose TEXT,
  notes TEXT,
  planned BIGINT NOT NULL DEFAULT 0,
  agreement BIGINT NOT NULL DEFAULT 0,
  next_step_id BIGINT,
  step TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);
CREATE INDEX interactions_deal ON interactions (org_id, deal_id, at);
CREATE INDEX interactions_owner ON interactions (org_id, owner_id, at);
CREATE INDEX interactions_at ON interactions (org_id, at);

CREATE TABLE wants (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  contact_id BIGINT,
  kind TEXT NOT NULL CHECK (kind IN ('motivation', 'issue', 'problem',
                                     'objective', 'criterion')),
  text TEXT NOT NULL,
  importance BIGINT NOT NULL DEFAULT 3 CHECK (importance BETWEEN 1 AND 5),
  interaction_id BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
CREATE INDEX wants_deal ON wants (org_id, deal_id, kind);

CREATE TABLE fits (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  want_id BIGINT NOT NULL,
  offering_id BIGINT NOT NULL,
  how TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, want_id) REFERENCES wants (org_id, id),
  FOREIGN KEY (org_id, offering_id) REFERENCES offerings (org_id, id)
);
CREATE INDEX fits_want ON fits (org_id, want_id);
CREATE INDEX fits_deal ON fits (org_id, deal_id);

CREATE TABLE next_steps (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT,
  contact_id BIGINT,
  owner_id BIGINT NOT NULL,
  what TEXT NOT NULL,
  type TEXT NOT NULL DEFAULT 'other'
    CHECK (type IN ('appointment', 'demo', 'trial', 'evaluation', 'committee',
                    'proposal', 'order', 'follow-up', 'other')),
  due TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'missed')),
  interaction_id BIGINT,
  done_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
CREATE INDEX next_steps_owner ON next_steps (org_id, owner_id, status, due);
CREATE INDEX next_steps_deal ON next_steps (org_id, deal_id, status);

CREATE TABLE checks (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  due TEXT NOT NULL,
  score BIGINT CHECK (score BETWEEN 1 AND 5),
  notes TEXT,
  done_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
CREATE INDEX checks_owner ON checks (org_id, owner_id, done_at, due);
CREATE INDEX checks_deal ON checks (org_id, deal_id);

-- R5: what a good satisfaction check asks the salesperson to do next.
CREATE TABLE asks (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  check_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('referral', 'expansion')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at TEXT NOT NULL,
  done_at TEXT,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
CREATE INDEX asks_owner ON asks (org_id, owner_id, status);

CREATE TABLE referrals (
  @PK@,
  org_id BIGINT NOT NULL,
  from_contact_id BIGINT NOT NULL,
  from_account_id BIGINT,
  contact_id BIGINT NOT NULL,
  deal_id BIGINT,
  source_deal_id BIGINT,
  owner_id BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'engaged', 'won', 'lost')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  @KEY@,
  FOREIGN KEY (org_id, from_contact_id) REFERENCES contacts (org_id, id),
  FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);
CREATE INDEX referrals_from ON referrals (org_id, from_contact_id);
CREATE INDEX referrals_source ON referrals (org_id, source_deal_id);

-- R6: the immutable history. Nothing updates or deletes these rows.
CREATE TABLE events (
  @PK@,
  org_id BIGINT NOT NULL,
  at TEXT NOT NULL,
  actor_id BIGINT,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  from_step TEXT,
  to_step TEXT,
  reason TEXT,
  data TEXT,
  @KEY@
);
CREATE INDEX events_entity ON events (org_id, entity, entity_id, id);
CREATE INDEX events_action ON events (org_id, action, at);
