-- The follow-up report's customers and expansion deals (docs/reports.md,
-- "followup") as maintained rows, so that the report sums a few rows per
-- day and owner instead of reading every deal won in the period and
-- counting each account's later deals.
--
-- Customers and expansion deals do not add up over days: a customer is an
-- account counted once however often it was won in the period. But each
-- account won in a period has exactly one first win in it: the win whose
-- previous win (of the same owner, or of any owner for the totals) came
-- before the period, or never. So each won deal keeps the day of that
-- previous win ('' when there is none, '-' when it has no close time) and
-- the deals of its account created after it was won; the report then sums,
-- over the wins of the period whose previous win is before the period,
-- 1 (customers) and those later deals (expansion deals).

-- One row per won deal: its account, owner and day won, the day of the
-- previous win of the account by the same owner and by anyone (ordered by
-- close time, unknown last, then id), and the deals of the account created
-- after it was won.
CREATE TABLE report_account_wins (
  org_id BIGINT NOT NULL, deal_id BIGINT NOT NULL, account_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL, day TEXT NOT NULL, owner_prev TEXT NOT NULL,
  account_prev TEXT NOT NULL, later BIGINT NOT NULL,
  PRIMARY KEY (org_id, deal_id)
);
CREATE INDEX report_account_wins_account ON report_account_wins (org_id,
  account_id);
-- Those rows summed per day won, owner and both previous days.
CREATE TABLE report_first_wins (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  owner_prev TEXT NOT NULL, account_prev TEXT NOT NULL,
  wins BIGINT NOT NULL, later BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, owner_prev, account_prev)
);

-- A row of report_account_wins adds to its sum; a row taken away subtracts.
-- @SQLITE@
CREATE TRIGGER report_account_wins_insert AFTER INSERT ON report_account_wins
BEGIN
  INSERT INTO report_first_wins (org_id, day, owner_id, owner_prev,
                                 account_prev, wins, later)
  VALUES (NEW.org_id, NEW.day, NEW.owner_id, NEW.owner_prev, NEW.account_prev,
          1, NEW.later)
  ON CONFLICT (org_id, day, owner_id, owner_prev, account_prev)
  DO UPDATE SET wins = report_first_wins.wins + excluded.wins,
    later = report_first_wins.later + excluded.later;
END;
CREATE TRIGGER report_account_wins_delete AFTER DELETE ON report_account_wins
BEGIN
  INSERT INTO report_first_wins (org_id, day, owner_id, owner_prev,
                                 account_prev, wins, later)
  VALUES (OLD.org_id, OLD.day, OLD.owner_id, OLD.owner_prev, OLD.account_prev,
          -1, -OLD.later)
  ON CONFLICT (org_id, day, owner_id, owner_prev, account_prev)
  DO UPDATE SET wins = report_first_wins.wins + excluded.wins,
    later = report_first_wins.later + excluded.later;
END;
-- @END@
-- @PG@
CREATE FUNCTION report_account_wins_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  w report_account_wins;
  delta BIGINT;
BEGIN
  IF TG_OP = 'DELETE' THEN
    w := OLD;
    delta := -1;
  ELSE
    w := NEW;
    delta := 1;
  END IF;
  INSERT INTO report_first_wins (org_id, day, owner_id, owner_prev,
                                 account_prev, wins, later)
  VALUES (w.org_id, w.day, w.owner_id, w.owner_prev, w.account_prev, delta,
          delta * w.later)
  ON CONFLICT (org_id, day, owner_id, owner_prev, account_prev)
  DO UPDATE SET wins = report_first_wins.wins + excluded.wins,
    later = report_first_wins.later + excluded.later;
  RETURN NULL;
END $$;
CREATE TRIGGER report_account_wins_apply AFTER INSERT OR DELETE
ON report_account_wins FOR EACH ROW EXECUTE FUNCTION report_account_wins_apply();
-- @END@

-- backfill
DELETE FROM report_account_wins;
DELETE FROM report_first_wins;
INSERT INTO report_account_wins (org_id, deal_id, account_id, owner_id, day,
                                 owner_prev, account_prev, later)
SELECT d.org_id, d.id, d.account_id, d.owner_id,
  COALESCE(substr(d.closed_at, 1, 10), ''),
  LAG(COALESCE(substr(d.closed_at, 1, 10), '-'), 1, '') OVER (
    PARTITION BY d.org_id, d.account_id, d.owner_id
    ORDER BY CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END, d.closed_at,
      d.id),
  LAG(COALESCE(substr(d.closed_at, 1, 10), '-'), 1, '') OVER (
    PARTITION BY d.org_id, d.account_id
    ORDER BY CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END, d.closed_at,
      d.id),
  (SELECT COUNT(*) FROM deals x WHERE x.org_id = d.org_id
     AND x.account_id = d.account_id AND x.created_at > d.closed_at)
FROM deals d WHERE d.status = 'won';
-- end of backfill

-- Any write of a deal that can change its account's rows (a deal created,
-- won, reopened, moved to another account or owner, or deleted) makes the
-- account's rows again from its deals: an account has few, and doing it
-- from the table's state rather than from the row's change keeps it exact
-- in PostgreSQL too, whose row triggers run at the end of their statement.
-- There a deal moved to this account by the same statement may still have
-- its row under its old account (that account's refresh comes later), so
-- the rows of this account's won deals are taken away too.
-- @SQLITE@
CREATE VIEW report_account_refresh AS
SELECT org_id, account_id FROM deals WHERE 0;
CREATE TRIGGER report_account_refresh_apply
INSTEAD OF INSERT ON report_account_refresh BEGIN
  DELETE FROM report_account_wins
  WHERE org_id = NEW.org_id AND (account_id = NEW.account_id OR deal_id IN (
    SELECT d.id FROM deals d WHERE d.org_id = NEW.org_id
      AND d.account_id = NEW.account_id AND d.status = 'won'));
  INSERT INTO report_account_wins (org_id, deal_id, account_id, owner_id, day,
                                   owner_prev, account_prev, later)
  SELECT d.org_id, d.id, d.account_id, d.owner_id,
    COALESCE(substr(d.closed_at, 1, 10), ''),
    LAG(COALESCE(substr(d.closed_at, 1, 10), '-'), 1, '') OVER (
      PARTITION BY d.owner_id
      ORDER BY CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END, d.closed_at,
        d.id),
    LAG(COALESCE(substr(d.closed_at, 1, 10), '-'), 1, '') OVER (
      ORDER BY CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END, d.closed_at,
        d.id),
    (SELECT COUNT(*) FROM deals x WHERE x.org_id = d.org_id
       AND x.account_id = d.account_id AND x.created_at > d.closed_at)
  FROM deals d WHERE d.org_id = NEW.org_id AND d.account_id = NEW.account_id
    AND d.status = 'won';
END;
CREATE TRIGGER deals_first_wins_insert AFTER INSERT ON deals BEGIN
  INSERT INTO report_account_refresh VALUES (NEW.org_id, NEW.account_id);
END;
CREATE TRIGGER deals_first_wins_update AFTER UPDATE OF org_id, account_id,
  owner_id, status, closed_at, created_at ON deals BEGIN
  INSERT INTO report_account_refresh VALUES (OLD.org_id, OLD.account_id);
  INSERT INTO report_account_refresh SELECT NEW.org_id, NEW.account_id
    WHERE NEW.org_id <> OLD.org_id OR NEW.account_id <> OLD.account_id;
END;
CREATE TRIGGER deals_first_wins_delete AFTER DELETE ON deals BEGIN
  INSERT INTO report_account_refresh VALUES (OLD.org_id, OLD.account_id);
END;
-- @END@
-- @PG@
CREATE FUNCTION report_account_refresh(org BIGINT, account BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_account_wins
  WHERE org_id = org AND (account_id = account OR deal_id IN (
    SELECT d.id FROM deals d WHERE d.org_id = org AND d.account_id = account
      AND d.status = 'won'));
  INSERT INTO report_account_wins (org_id, deal_id, account_id, owner_id, day,
                                   owner_prev, account_prev, later)
  SELECT d.org_id, d.id, d.account_id, d.owner_id,
    COALESCE(substr(d.closed_at, 1, 10), ''),
    LAG(COALESCE(substr(d.closed_at, 1, 10), '-'), 1, '') OVER (
      PARTITION BY d.owner_id
      ORDER BY CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END, d.closed_at,
        d.id),
    LAG(COALESCE(substr(d.closed_at, 1, 10), '-'), 1, '') OVER (
      ORDER BY CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END, d.closed_at,
        d.id),
    (SELECT COUNT(*) FROM deals x WHERE x.org_id = d.org_id
       AND x.account_id = d.account_id AND x.created_at > d.closed_at)
  FROM deals d WHERE d.org_id = org AND d.account_id = account
    AND d.status = 'won';
END $$;
CREATE FUNCTION deals_first_wins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_account_refresh(OLD.org_id, OLD.account_id);
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM report_account_refresh(NEW.org_id, NEW.account_id);
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.org_id <> OLD.org_id OR NEW.account_id <> OLD.account_id THEN
      PERFORM report_account_refresh(NEW.org_id, NEW.account_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_first_wins AFTER INSERT OR DELETE ON deals
FOR EACH ROW EXECUTE FUNCTION deals_first_wins();
CREATE TRIGGER deals_first_wins_update AFTER UPDATE OF org_id, account_id,
  owner_id, status, closed_at, created_at ON deals
FOR EACH ROW EXECUTE FUNCTION deals_first_wins();
-- @END@
