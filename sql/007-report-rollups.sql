-- Rollups for the reports that count deals and activity rather than stays
-- (pipeline, winrate, agreements, discipline, followup, forecast) and for
-- the backtest's learned rates, so that each reads a few rows per day and
-- owner instead of every deal, interaction, next step, check and referral
-- (docs/reports.md, "Rollups").
--
-- Triggers keep these rollups (all but report_closings) exact whoever
-- writes: the services, the demo, an import, or plain SQL. Each rollup sums values of single rows
-- (an interaction, an open next step, a deal), so a trigger only ever takes
-- away the OLD row's contribution and adds the NEW one's; it never reads
-- the table it is fired on, which is what makes the same triggers exact in
-- PostgreSQL, where row triggers run at the end of their statement. What a
-- deal's contribution needs from its next steps, checks and referrals is
-- kept on the deal itself (the columns below), recomputed by the triggers
-- of those tables.

-- A deal's latest due among its open next steps (coverage), its done checks
-- with and without a score and their sum, the referrals it produced and the
-- referrals that produced it.
ALTER TABLE deals ADD COLUMN open_due_max TEXT;
ALTER TABLE deals ADD COLUMN checks_done BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN checks_scored BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN score_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN referrals_out BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN referrals_in BIGINT NOT NULL DEFAULT 0;

-- Interactions per day (of `at`), owner and process of their deal (0: none).
CREATE TABLE report_interactions (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, interactions BIGINT NOT NULL,
  agreements BIGINT NOT NULL, planned BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id)
);
-- Open next steps per owner, process of their deal (0: none) and due day.
CREATE TABLE report_open_steps (
  org_id BIGINT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, due_day TEXT NOT NULL, steps BIGINT NOT NULL,
  PRIMARY KEY (org_id, owner_id, process_id, due_day)
);
-- Open deals per owner, process and the day of their latest open next step
-- ('' for none): covered today are those with due_day >= today.
CREATE TABLE report_coverage (
  org_id BIGINT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, due_day TEXT NOT NULL, deals BIGINT NOT NULL,
  PRIMARY KEY (org_id, owner_id, process_id, due_day)
);
-- Open deals per owner, process, step and close date ('' for none).
CREATE TABLE report_open_deals (
  org_id BIGINT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, step TEXT NOT NULL, close_day TEXT NOT NULL,
  deals BIGINT NOT NULL, value_cents BIGINT NOT NULL,
  PRIMARY KEY (org_id, owner_id, process_id, step, close_day)
);
-- Closed deals per day closed ('' when unknown), owner, process, status and
-- lost reason ('' for none).
CREATE TABLE report_closed_deals (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, status TEXT NOT NULL, lost_reason TEXT NOT NULL,
  deals BIGINT NOT NULL, value_cents BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id, status, lost_reason)
);
-- Won deals per day closed ('' when unknown), owner and process, with their
-- follow-up figures.
CREATE TABLE report_wins (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, won BIGINT NOT NULL, checked BIGINT NOT NULL,
  scored BIGINT NOT NULL, score_sum BIGINT NOT NULL,
  referrals BIGINT NOT NULL, referred BIGINT NOT NULL,
  referred_cents BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id)
);

-- The backtest's learned rates. A deal is closed from the moment it is won
-- or lost until it is reopened; each such closing counts, once, every step
-- the deal entered (by create, advance, force or reopen) before it, with
-- the day it closed, the day it was reopened ('' while it is not) and
-- whether it was won. core/history.c keeps the rollup like those of
-- sql/005-report-aggregates.sql. `closing` (the event id of the closing's
-- last stay) keeps two closings of a deal apart.
CREATE VIEW report_closing_v AS
SELECT DISTINCT c.org_id, c.deal_id, c.closing, s.process_id, s.owner_id,
  s.step, c.day, c.until_day, c.won
FROM (SELECT w.org_id, w.deal_id, w.event_id - 1 AS closing,
        substr(w.entered_at, 1, 10) AS day,
        COALESCE(substr(w.left_at, 1, 10), '') AS until_day, 1 AS won
      FROM deal_steps w WHERE w.entered_by = 'won'
      UNION ALL
      SELECT l.org_id, l.deal_id, l.event_id AS closing,
        substr(l.left_at, 1, 10) AS day,
        COALESCE((SELECT substr(n.entered_at, 1, 10) FROM deal_steps n
          WHERE n.org_id = l.org_id AND n.deal_id = l.deal_id
            AND n.event_id > l.event_id ORDER BY n.event_id LIMIT 1), '')
          AS until_day, 0 AS won
      FROM deal_steps l WHERE l.left_by = 'lost') c
JOIN deal_steps s ON s.org_id = c.org_id AND s.deal_id = c.deal_id
  AND s.event_id <= c.closing
  AND s.entered_by IN ('create', 'advance', 'force', 'reopen');
CREATE TABLE report_closings (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, until_day TEXT NOT NULL,
  owner_id BIGINT NOT NULL, process_id BIGINT NOT NULL, step TEXT NOT NULL,
  closed BIGINT NOT NULL, won BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, until_day, owner_id, process_id, step)
);

-- The backtest's deals open on a date: stays crossing it, from the index.
CREATE INDEX deal_steps_span ON deal_steps (org_id, left_at, entered_at,
                                            entered_by, deal_id, step);
-- A deal's open stay, with how it was entered, from the index alone: the
-- per-deal lookups of the views and of core/history.c ("left_at IS NULL")
-- would otherwise prefer the covering span index above and read every open
-- stay of the organisation.
DROP INDEX deal_steps_open;
CREATE INDEX deal_steps_open ON deal_steps (org_id, deal_id, left_at,
                                            entered_by);
-- followup's customers and expansion deals: the accounts of the deals won
-- in a period, from the index (replacing sql/005's, made for the winrate
-- scan the rollups replace).
DROP INDEX deals_closed_report;
DROP INDEX deals_owner_closed_report;
CREATE INDEX deals_closed_report ON deals (org_id, status, closed_at,
                                           owner_id, process_id, account_id);
CREATE INDEX deals_owner_closed_report ON deals (org_id, owner_id, status,
                                                 closed_at, process_id,
                                                 account_id);
-- The rollups replace these scans.
DROP INDEX interactions_report;
DROP INDEX interactions_owner_report;

-- backfill: the deals' columns, then the rollups from them (bulk writers
-- run this again, with the triggers set aside: history_rebuild_activity())
UPDATE deals SET
  open_due_max = (SELECT MAX(ns.due) FROM next_steps ns
    WHERE ns.org_id = deals.org_id AND ns.deal_id = deals.id
      AND ns.status = 'open'),
  checks_done = (SELECT COUNT(*) FROM checks c WHERE c.org_id = deals.org_id
    AND c.deal_id = deals.id AND c.done_at IS NOT NULL),
  checks_scored = (SELECT COUNT(c.score) FROM checks c
    WHERE c.org_id = deals.org_id AND c.deal_id = deals.id
      AND c.done_at IS NOT NULL),
  score_sum = (SELECT COALESCE(SUM(c.score), 0) FROM checks c
    WHERE c.org_id = deals.org_id AND c.deal_id = deals.id
      AND c.done_at IS NOT NULL),
  referrals_out = (SELECT COUNT(*) FROM referrals r
    WHERE r.org_id = deals.org_id AND r.source_deal_id = deals.id),
  referrals_in = (SELECT COUNT(*) FROM referrals r
    WHERE r.org_id = deals.org_id AND r.deal_id = deals.id);
INSERT INTO report_interactions (org_id, day, owner_id, process_id,
                                 interactions, agreements, planned)
SELECT i.org_id, substr(i.at, 1, 10), i.owner_id, COALESCE(d.process_id, 0),
  COUNT(*), SUM(CASE WHEN i.agreement <> 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.planned <> 0 THEN 1 ELSE 0 END)
FROM interactions i LEFT JOIN deals d ON d.org_id = i.org_id
  AND d.id = i.deal_id
GROUP BY i.org_id, substr(i.at, 1, 10), i.owner_id, COALESCE(d.process_id, 0);
INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day, steps)
SELECT ns.org_id, ns.owner_id, COALESCE(d.process_id, 0),
  substr(ns.due, 1, 10), COUNT(*)
FROM next_steps ns LEFT JOIN deals d ON d.org_id = ns.org_id
  AND d.id = ns.deal_id
WHERE ns.status = 'open'
GROUP BY ns.org_id, ns.owner_id, COALESCE(d.process_id, 0),
  substr(ns.due, 1, 10);
INSERT INTO report_coverage (org_id, owner_id, process_id, due_day, deals)
SELECT org_id, owner_id, process_id, COALESCE(substr(open_due_max, 1, 10), ''),
  COUNT(*)
FROM deals WHERE status = 'open'
GROUP BY org_id, owner_id, process_id, COALESCE(substr(open_due_max, 1, 10), '');
INSERT INTO report_open_deals (org_id, owner_id, process_id, step, close_day,
                               deals, value_cents)
SELECT org_id, owner_id, process_id, step, COALESCE(close_date, ''), COUNT(*),
  SUM(value_cents)
FROM deals WHERE status = 'open'
GROUP BY org_id, owner_id, process_id, step, COALESCE(close_date, '');
INSERT INTO report_closed_deals (org_id, day, owner_id, process_id, status,
                                 lost_reason, deals, value_cents)
SELECT org_id, COALESCE(substr(closed_at, 1, 10), ''), owner_id, process_id,
  status, COALESCE(lost_reason, ''), COUNT(*), SUM(value_cents)
FROM deals WHERE status IN ('won', 'lost')
GROUP BY org_id, COALESCE(substr(closed_at, 1, 10), ''), owner_id, process_id,
  status, COALESCE(lost_reason, '');
INSERT INTO report_wins (org_id, day, owner_id, process_id, won, checked,
                         scored, score_sum, referrals, referred,
                         referred_cents)
SELECT org_id, COALESCE(substr(closed_at, 1, 10), ''), owner_id, process_id,
  COUNT(*), SUM(CASE WHEN checks_done > 0 THEN 1 ELSE 0 END),
  SUM(checks_scored), SUM(score_sum), SUM(referrals_out),
  SUM(CASE WHEN source_referral_id IS NOT NULL OR referrals_in > 0
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN source_referral_id IS NOT NULL OR referrals_in > 0
      THEN value_cents ELSE 0 END)
FROM deals WHERE status = 'won'
GROUP BY org_id, COALESCE(substr(closed_at, 1, 10), ''), owner_id, process_id;
-- end of backfill
INSERT INTO report_closings (org_id, day, until_day, owner_id, process_id,
                             step, closed, won)
SELECT org_id, day, until_day, owner_id, process_id, step, COUNT(*), SUM(won)
FROM report_closing_v
GROUP BY org_id, day, until_day, owner_id, process_id, step;

-- @SQLITE@
-- A deal's contribution to the deal rollups, added with delta 1 or taken
-- away with -1: inserting into this view applies it.
CREATE VIEW report_deal_delta AS
SELECT org_id, owner_id, process_id, step, close_date, status, closed_at,
  lost_reason, value_cents, source_referral_id, open_due_max, checks_done,
  checks_scored, score_sum, referrals_out, referrals_in, 0 AS delta
FROM deals WHERE 0;
CREATE TRIGGER report_deal_delta_apply INSTEAD OF INSERT ON report_deal_delta
BEGIN
  INSERT INTO report_open_deals (org_id, owner_id, process_id, step,
                                 close_day, deals, value_cents)
  SELECT NEW.org_id, NEW.owner_id, NEW.process_id, NEW.step,
    COALESCE(NEW.close_date, ''), NEW.delta, NEW.delta * NEW.value_cents
  WHERE NEW.status = 'open'
  ON CONFLICT (org_id, owner_id, process_id, step, close_day)
  DO UPDATE SET deals = report_open_deals.deals + excluded.deals,
    value_cents = report_open_deals.value_cents + excluded.value_cents;
  INSERT INTO report_closed_deals (org_id, day, owner_id, process_id, status,
                                   lost_reason, deals, value_cents)
  SELECT NEW.org_id, COALESCE(substr(NEW.closed_at, 1, 10), ''),
    NEW.owner_id, NEW.process_id, NEW.status, COALESCE(NEW.lost_reason, ''),
    NEW.delta, NEW.delta * NEW.value_cents
  WHERE NEW.status IN ('won', 'lost')
  ON CONFLICT (org_id, day, owner_id, process_id, status, lost_reason)
  DO UPDATE SET deals = report_closed_deals.deals + excluded.deals,
    value_cents = report_closed_deals.value_cents + excluded.value_cents;
  INSERT INTO report_coverage (org_id, owner_id, process_id, due_day, deals)
  SELECT NEW.org_id, NEW.owner_id, NEW.process_id,
    COALESCE(substr(NEW.open_due_max, 1, 10), ''), NEW.delta
  WHERE NEW.status = 'open'
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET deals = report_coverage.deals + excluded.deals;
  INSERT INTO report_wins (org_id, day, owner_id, process_id, won, checked,
                           scored, score_sum, referrals, referred,
                           referred_cents)
  SELECT NEW.org_id, COALESCE(substr(NEW.closed_at, 1, 10), ''),
    NEW.owner_id, NEW.process_id, NEW.delta,
    CASE WHEN NEW.checks_done > 0 THEN NEW.delta ELSE 0 END,
    NEW.delta * NEW.checks_scored, NEW.delta * NEW.score_sum,
    NEW.delta * NEW.referrals_out,
    CASE WHEN NEW.source_referral_id IS NOT NULL OR NEW.referrals_in > 0
      THEN NEW.delta ELSE 0 END,
    CASE WHEN NEW.source_referral_id IS NOT NULL OR NEW.referrals_in > 0
      THEN NEW.delta * NEW.value_cents ELSE 0 END
  WHERE NEW.status = 'won'
  ON CONFLICT (org_id, day, owner_id, process_id)
  DO UPDATE SET won = report_wins.won + excluded.won,
    checked = report_wins.checked + excluded.checked,
    scored = report_wins.scored + excluded.scored,
    score_sum = report_wins.score_sum + excluded.score_sum,
    referrals = report_wins.referrals + excluded.referrals,
    referred = report_wins.referred + excluded.referred,
    referred_cents = report_wins.referred_cents + excluded.referred_cents;
END;
CREATE TRIGGER deals_report_insert AFTER INSERT ON deals BEGIN
  INSERT INTO report_deal_delta VALUES (NEW.org_id, NEW.owner_id,
    NEW.process_id, NEW.step, NEW.close_date, NEW.status,
    NEW.closed_at, NEW.lost_reason, NEW.value_cents,
    NEW.source_referral_id, NEW.open_due_max, NEW.checks_done,
    NEW.checks_scored, NEW.score_sum, NEW.referrals_out, NEW.referrals_in, 1);
END;
CREATE TRIGGER deals_report_update AFTER UPDATE OF owner_id, process_id,
  step, close_date, status, closed_at, lost_reason, value_cents,
  source_referral_id, open_due_max, checks_done, checks_scored, score_sum,
  referrals_out, referrals_in ON deals
BEGIN
  INSERT INTO report_deal_delta VALUES (OLD.org_id, OLD.owner_id,
    OLD.process_id, OLD.step, OLD.close_date, OLD.status,
    OLD.closed_at, OLD.lost_reason, OLD.value_cents,
    OLD.source_referral_id, OLD.open_due_max, OLD.checks_done,
    OLD.checks_scored, OLD.score_sum, OLD.referrals_out, OLD.referrals_in, -1);
  INSERT INTO report_deal_delta VALUES (NEW.org_id, NEW.owner_id,
    NEW.process_id, NEW.step, NEW.close_date, NEW.status,
    NEW.closed_at, NEW.lost_reason, NEW.value_cents,
    NEW.source_referral_id, NEW.open_due_max, NEW.checks_done,
    NEW.checks_scored, NEW.score_sum, NEW.referrals_out, NEW.referrals_in, 1);
END;
CREATE TRIGGER deals_report_delete AFTER DELETE ON deals BEGIN
  INSERT INTO report_deal_delta VALUES (OLD.org_id, OLD.owner_id,
    OLD.process_id, OLD.step, OLD.close_date, OLD.status,
    OLD.closed_at, OLD.lost_reason, OLD.value_cents,
    OLD.source_referral_id, OLD.open_due_max, OLD.checks_done,
    OLD.checks_scored, OLD.score_sum, OLD.referrals_out, OLD.referrals_in, -1);
END;

-- An interaction's contribution to report_interactions.
CREATE VIEW report_interaction_delta AS
SELECT org_id, deal_id, owner_id, at, planned, agreement, 0 AS delta
FROM interactions WHERE 0;
CREATE TRIGGER report_interaction_delta_apply
INSTEAD OF INSERT ON report_interaction_delta BEGIN
  INSERT INTO report_interactions (org_id, day, owner_id, process_id,
                                   interactions, agreements, planned)
  SELECT NEW.org_id, substr(NEW.at, 1, 10), NEW.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = NEW.org_id
      AND d.id = NEW.deal_id), 0), NEW.delta,
    CASE WHEN NEW.agreement <> 0 THEN NEW.delta ELSE 0 END,
    CASE WHEN NEW.planned <> 0 THEN NEW.delta ELSE 0 END
  WHERE 1
  ON CONFLICT (org_id, day, owner_id, process_id)
  DO UPDATE SET interactions = report_interactions.interactions
      + excluded.interactions,
    agreements = report_interactions.agreements + excluded.agreements,
    planned = report_interactions.planned + excluded.planned;
END;
CREATE TRIGGER interactions_report_insert AFTER INSERT ON interactions BEGIN
  INSERT INTO report_interaction_delta VALUES (NEW.org_id, NEW.deal_id,
    NEW.owner_id, NEW.at, NEW.planned, NEW.agreement, 1);
END;
CREATE TRIGGER interactions_report_update AFTER UPDATE OF org_id, deal_id,
  owner_id, at, planned, agreement ON interactions BEGIN
  INSERT INTO report_interaction_delta VALUES (OLD.org_id, OLD.deal_id,
    OLD.owner_id, OLD.at, OLD.planned, OLD.agreement, -1);
  INSERT INTO report_interaction_delta VALUES (NEW.org_id, NEW.deal_id,
    NEW.owner_id, NEW.at, NEW.planned, NEW.agreement, 1);
END;
CREATE TRIGGER interactions_report_delete AFTER DELETE ON interactions BEGIN
  INSERT INTO report_interaction_delta VALUES (OLD.org_id, OLD.deal_id,
    OLD.owner_id, OLD.at, OLD.planned, OLD.agreement, -1);
END;

-- A next step's contribution to report_open_steps, and its deal's latest
-- open due recomputed.
CREATE VIEW report_next_step_delta AS
SELECT org_id, deal_id, owner_id, due, status, 0 AS delta
FROM next_steps WHERE 0;
CREATE TRIGGER report_next_step_delta_apply
INSTEAD OF INSERT ON report_next_step_delta BEGIN
  INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day, steps)
  SELECT NEW.org_id, NEW.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = NEW.org_id
      AND d.id = NEW.deal_id), 0), substr(NEW.due, 1, 10), NEW.delta
  WHERE NEW.status = 'open'
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
  UPDATE deals SET open_due_max = (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = NEW.org_id AND ns.deal_id = NEW.deal_id
        AND ns.status = 'open')
  WHERE org_id = NEW.org_id AND id = NEW.deal_id
    AND open_due_max IS NOT (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = NEW.org_id AND ns.deal_id = NEW.deal_id
        AND ns.status = 'open');
END;
CREATE TRIGGER next_steps_report_insert AFTER INSERT ON next_steps BEGIN
  INSERT INTO report_next_step_delta VALUES (NEW.org_id, NEW.deal_id,
    NEW.owner_id, NEW.due, NEW.status, 1);
END;
CREATE TRIGGER next_steps_report_update AFTER UPDATE OF org_id, deal_id,
  owner_id, due, status ON next_steps BEGIN
  INSERT INTO report_next_step_delta VALUES (OLD.org_id, OLD.deal_id,
    OLD.owner_id, OLD.due, OLD.status, -1);
  INSERT INTO report_next_step_delta VALUES (NEW.org_id, NEW.deal_id,
    NEW.owner_id, NEW.due, NEW.status, 1);
END;
CREATE TRIGGER next_steps_report_delete AFTER DELETE ON next_steps BEGIN
  INSERT INTO report_next_step_delta VALUES (OLD.org_id, OLD.deal_id,
    OLD.owner_id, OLD.due, OLD.status, -1);
END;

-- A deal's check figures and referral counts, recomputed.
CREATE VIEW report_deal_refresh AS
SELECT org_id, id AS deal_id FROM deals WHERE 0;
CREATE TRIGGER report_deal_refresh_apply
INSTEAD OF INSERT ON report_deal_refresh BEGIN
  UPDATE deals SET
    checks_done = (SELECT COUNT(*) FROM checks c WHERE c.org_id = deals.org_id
      AND c.deal_id = deals.id AND c.done_at IS NOT NULL),
    checks_scored = (SELECT COUNT(c.score) FROM checks c
      WHERE c.org_id = deals.org_id AND c.deal_id = deals.id
        AND c.done_at IS NOT NULL),
    score_sum = (SELECT COALESCE(SUM(c.score), 0) FROM checks c
      WHERE c.org_id = deals.org_id AND c.deal_id = deals.id
        AND c.done_at IS NOT NULL),
    referrals_out = (SELECT COUNT(*) FROM referrals r
      WHERE r.org_id = deals.org_id AND r.source_deal_id = deals.id),
    referrals_in = (SELECT COUNT(*) FROM referrals r
      WHERE r.org_id = deals.org_id AND r.deal_id = deals.id)
  WHERE org_id = NEW.org_id AND id = NEW.deal_id;
END;
CREATE TRIGGER checks_report_insert AFTER INSERT ON checks BEGIN
  INSERT INTO report_deal_refresh VALUES (NEW.org_id, NEW.deal_id);
END;
CREATE TRIGGER checks_report_update AFTER UPDATE OF org_id, deal_id, score,
  done_at ON checks BEGIN
  INSERT INTO report_deal_refresh VALUES (OLD.org_id, OLD.deal_id);
  INSERT INTO report_deal_refresh SELECT NEW.org_id, NEW.deal_id
    WHERE NEW.org_id IS NOT OLD.org_id OR NEW.deal_id IS NOT OLD.deal_id;
END;
CREATE TRIGGER checks_report_delete AFTER DELETE ON checks BEGIN
  INSERT INTO report_deal_refresh VALUES (OLD.org_id, OLD.deal_id);
END;
CREATE TRIGGER referrals_report_insert AFTER INSERT ON referrals BEGIN
  INSERT INTO report_deal_refresh SELECT NEW.org_id, NEW.source_deal_id
    WHERE NEW.source_deal_id IS NOT NULL;
  INSERT INTO report_deal_refresh SELECT NEW.org_id, NEW.deal_id
    WHERE NEW.deal_id IS NOT NULL;
END;
CREATE TRIGGER referrals_report_update AFTER UPDATE OF org_id, deal_id,
  source_deal_id ON referrals BEGIN
  INSERT INTO report_deal_refresh SELECT OLD.org_id, OLD.source_deal_id
    WHERE OLD.source_deal_id IS NOT NULL;
  INSERT INTO report_deal_refresh SELECT OLD.org_id, OLD.deal_id
    WHERE OLD.deal_id IS NOT NULL;
  INSERT INTO report_deal_refresh SELECT NEW.org_id, NEW.source_deal_id
    WHERE NEW.source_deal_id IS NOT NULL;
  INSERT INTO report_deal_refresh SELECT NEW.org_id, NEW.deal_id
    WHERE NEW.deal_id IS NOT NULL;
END;
CREATE TRIGGER referrals_report_delete AFTER DELETE ON referrals BEGIN
  INSERT INTO report_deal_refresh SELECT OLD.org_id, OLD.source_deal_id
    WHERE OLD.source_deal_id IS NOT NULL;
  INSERT INTO report_deal_refresh SELECT OLD.org_id, OLD.deal_id
    WHERE OLD.deal_id IS NOT NULL;
END;
-- @END@

-- @PG@
CREATE FUNCTION report_deal_apply(d deals, delta BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF d.status = 'open' THEN
    INSERT INTO report_open_deals (org_id, owner_id, process_id, step,
                                   close_day, deals, value_cents)
    VALUES (d.org_id, d.owner_id, d.process_id, d.step,
      COALESCE(d.close_date, ''), delta, delta * d.value_cents)
    ON CONFLICT (org_id, owner_id, process_id, step, close_day)
    DO UPDATE SET deals = report_open_deals.deals + excluded.deals,
      value_cents = report_open_deals.value_cents + excluded.value_cents;
    INSERT INTO report_coverage (org_id, owner_id, process_id, due_day, deals)
    VALUES (d.org_id, d.owner_id, d.process_id,
      COALESCE(substr(d.open_due_max, 1, 10), ''), delta)
    ON CONFLICT (org_id, owner_id, process_id, due_day)
    DO UPDATE SET deals = report_coverage.deals + excluded.deals;
  ELSIF d.status = 'won' THEN
    INSERT INTO report_wins (org_id, day, owner_id, process_id, won, checked,
                             scored, score_sum, referrals, referred,
                             referred_cents)
    VALUES (d.org_id, COALESCE(substr(d.closed_at, 1, 10), ''), d.owner_id,
      d.process_id, delta,
      CASE WHEN d.checks_done > 0 THEN delta ELSE 0 END,
      delta * d.checks_scored, delta * d.score_sum, delta * d.referrals_out,
      CASE WHEN d.source_referral_id IS NOT NULL OR d.referrals_in > 0
        THEN delta ELSE 0 END,
      CASE WHEN d.source_referral_id IS NOT NULL OR d.referrals_in > 0
        THEN delta * d.value_cents ELSE 0 END)
    ON CONFLICT (org_id, day, owner_id, process_id)
    DO UPDATE SET won = report_wins.won + excluded.won,
      checked = report_wins.checked + excluded.checked,
      scored = report_wins.scored + excluded.scored,
      score_sum = report_wins.score_sum + excluded.score_sum,
      referrals = report_wins.referrals + excluded.referrals,
      referred = report_wins.referred + excluded.referred,
      referred_cents = report_wins.referred_cents + excluded.referred_cents;
  END IF;
  IF d.status IN ('won', 'lost') THEN
    INSERT INTO report_closed_deals (org_id, day, owner_id, process_id, status,
                                     lost_reason, deals, value_cents)
    VALUES (d.org_id, COALESCE(substr(d.closed_at, 1, 10), ''), d.owner_id,
      d.process_id, d.status, COALESCE(d.lost_reason, ''), delta,
      delta * d.value_cents)
    ON CONFLICT (org_id, day, owner_id, process_id, status, lost_reason)
    DO UPDATE SET deals = report_closed_deals.deals + excluded.deals,
      value_cents = report_closed_deals.value_cents + excluded.value_cents;
  END IF;
END $$;
CREATE FUNCTION deals_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_deal_apply(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_deal_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_report AFTER INSERT OR DELETE ON deals
FOR EACH ROW EXECUTE FUNCTION deals_report();
CREATE TRIGGER deals_report_update AFTER UPDATE OF owner_id, process_id,
  step, close_date, status, closed_at, lost_reason, value_cents,
  source_referral_id, open_due_max, checks_done, checks_scored, score_sum,
  referrals_out, referrals_in ON deals
FOR EACH ROW EXECUTE FUNCTION deals_report();

CREATE FUNCTION report_interaction_apply(i interactions, delta BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_interactions (org_id, day, owner_id, process_id,
                                   interactions, agreements, planned)
  VALUES (i.org_id, substr(i.at, 1, 10), i.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = i.org_id
      AND d.id = i.deal_id), 0), delta,
    CASE WHEN i.agreement <> 0 THEN delta ELSE 0 END,
    CASE WHEN i.planned <> 0 THEN delta ELSE 0 END)
  ON CONFLICT (org_id, day, owner_id, process_id)
  DO UPDATE SET interactions = report_interactions.interactions
      + excluded.interactions,
    agreements = report_interactions.agreements + excluded.agreements,
    planned = report_interactions.planned + excluded.planned;
END $$;
CREATE FUNCTION interactions_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_interaction_apply(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_interaction_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER interactions_report AFTER INSERT OR DELETE
ON interactions FOR EACH ROW EXECUTE FUNCTION interactions_report();
CREATE TRIGGER interactions_report_update AFTER UPDATE OF org_id, deal_id,
  owner_id, at, planned, agreement ON interactions
FOR EACH ROW EXECUTE FUNCTION interactions_report();

CREATE FUNCTION report_next_step_apply(ns next_steps, delta BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ns.status = 'open' THEN
    INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day,
                                   steps)
    VALUES (ns.org_id, ns.owner_id,
      COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = ns.org_id
        AND d.id = ns.deal_id), 0), substr(ns.due, 1, 10), delta)
    ON CONFLICT (org_id, owner_id, process_id, due_day)
    DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
  END IF;
  UPDATE deals SET open_due_max = m.due
  FROM (SELECT MAX(x.due) AS due FROM next_steps x WHERE x.org_id = ns.org_id
        AND x.deal_id = ns.deal_id AND x.status = 'open') m
  WHERE deals.org_id = ns.org_id AND deals.id = ns.deal_id
    AND deals.open_due_max IS DISTINCT FROM m.due;
END $$;
CREATE FUNCTION next_steps_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_next_step_apply(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_next_step_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER next_steps_report AFTER INSERT OR DELETE ON next_steps
FOR EACH ROW EXECUTE FUNCTION next_steps_report();
CREATE TRIGGER next_steps_report_update AFTER UPDATE OF org_id, deal_id,
  owner_id, due, status ON next_steps
FOR EACH ROW EXECUTE FUNCTION next_steps_report();

CREATE FUNCTION report_deal_refresh(org BIGINT, deal BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deals SET
    checks_done = (SELECT COUNT(*) FROM checks c WHERE c.org_id = org
      AND c.deal_id = deal AND c.done_at IS NOT NULL),
    checks_scored = (SELECT COUNT(c.score) FROM checks c WHERE c.org_id = org
      AND c.deal_id = deal AND c.done_at IS NOT NULL),
    score_sum = (SELECT COALESCE(SUM(c.score), 0) FROM checks c
      WHERE c.org_id = org AND c.deal_id = deal AND c.done_at IS NOT NULL),
    referrals_out = (SELECT COUNT(*) FROM referrals r WHERE r.org_id = org
      AND r.source_deal_id = deal),
    referrals_in = (SELECT COUNT(*) FROM referrals r WHERE r.org_id = org
      AND r.deal_id = deal)
  WHERE deals.org_id = org AND deals.id = deal;
END $$;
CREATE FUNCTION checks_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_deal_refresh(OLD.org_id, OLD.deal_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_deal_refresh(NEW.org_id, NEW.deal_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER checks_report AFTER INSERT OR DELETE ON checks
FOR EACH ROW EXECUTE FUNCTION checks_report();
CREATE TRIGGER checks_report_update AFTER UPDATE OF org_id, deal_id, score,
  done_at ON checks FOR EACH ROW EXECUTE FUNCTION checks_report();
CREATE FUNCTION referrals_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_deal_refresh(OLD.org_id, OLD.source_deal_id);
    PERFORM report_deal_refresh(OLD.org_id, OLD.deal_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_deal_refresh(NEW.org_id, NEW.source_deal_id);
    PERFORM report_deal_refresh(NEW.org_id, NEW.deal_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER referrals_report AFTER INSERT OR DELETE ON referrals
FOR EACH ROW EXECUTE FUNCTION referrals_report();
CREATE TRIGGER referrals_report_update AFTER UPDATE OF org_id, deal_id,
  source_deal_id ON referrals FOR EACH ROW EXECUTE FUNCTION referrals_report();
-- @END@
