-- Asks can be declined (the customer said no, or asking was wrong), with
-- the reason; contacts on the engage list can be disqualified with one;
-- a user given a password by an admin must change it at first sign-in.

-- asks.status gains 'declined'. A CHECK constraint cannot be altered in
-- SQLite, so there the table is rebuilt (nothing references it).
@SQLITE@
CREATE TABLE asks_new (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  check_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('referral', 'expansion')),
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'done', 'declined')),
  created_at TEXT NOT NULL,
  done_at TEXT,
  declined_reason TEXT,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
INSERT INTO asks_new (id, org_id, deal_id, check_id, owner_id, kind, status,
                      created_at, done_at)
  SELECT id, org_id, deal_id, check_id, owner_id, kind, status, created_at,
         done_at FROM asks;
DROP TABLE asks;
ALTER TABLE asks_new RENAME TO asks;
CREATE INDEX asks_owner ON asks (org_id, owner_id, status);
@END@
@PG@
ALTER TABLE asks DROP CONSTRAINT asks_status_check;
ALTER TABLE asks ADD CONSTRAINT asks_status_check
  CHECK (status IN ('open', 'done', 'declined'));
ALTER TABLE asks ADD COLUMN declined_reason TEXT;
@END@
CREATE INDEX asks_deal ON asks (org_id, deal_id, status);

-- core/engage.c: 'wrong_person', 'no_need', 'wrong_timing'.
ALTER TABLE contacts ADD COLUMN disqualified_reason TEXT;
ALTER TABLE contacts ADD COLUMN disqualified_at TEXT;

ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
