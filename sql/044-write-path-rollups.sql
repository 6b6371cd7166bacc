-- The write path of a logged call with its next step (POST
-- /api/v1/interactions) ran every deal rollup twice over, for a change that
-- only moves the deal between two rows of report_coverage, and recomputed
-- the deal's latest open due (deals.open_due_max, sql/007) twice for each
-- next step written. The rollups stay exact whoever writes
-- (tests/e2e/lib/rollups.js); only the passes that could not change them
-- are left out:
--
-- - a deal's full pass (sql/007's report_deal_delta, report_deal_apply())
--   runs when a column other than open_due_max changed its value; a change
--   of open_due_max alone moves the open deal from one day of
--   report_coverage to another, and only when the day changed;
-- - a next step counts in report_open_steps, and moves its deal's latest
--   open due, only while it is open: a new open step can only raise it,
--   so it is raised without reading the deal's other steps, and it is
--   recomputed (once per deal, not once for the old row and once for the
--   new) only when an open step changed or went.

-- @SQLITE@
DROP TRIGGER deals_report_update;
CREATE TRIGGER deals_report_update AFTER UPDATE OF owner_id, process_id,
  step, close_date, status, closed_at, lost_reason, value_cents,
  source_referral_id, open_due_max, checks_done, checks_scored, score_sum,
  referrals_out, referrals_in ON deals
WHEN
  NEW.org_id IS NOT OLD.org_id OR NEW.owner_id IS NOT OLD.owner_id OR
  NEW.process_id IS NOT OLD.process_id OR NEW.step IS NOT OLD.step OR
  NEW.close_date IS NOT OLD.close_date OR NEW.status IS NOT OLD.status OR
  NEW.closed_at IS NOT OLD.closed_at OR
  NEW.lost_reason IS NOT OLD.lost_reason OR
  NEW.value_cents IS NOT OLD.value_cents OR
  NEW.source_referral_id IS NOT OLD.source_referral_id OR
  NEW.checks_done IS NOT OLD.checks_done OR
  NEW.checks_scored IS NOT OLD.checks_scored OR
  NEW.score_sum IS NOT OLD.score_sum OR
  NEW.referrals_out IS NOT OLD.referrals_out OR
  NEW.referrals_in IS NOT OLD.referrals_in
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
CREATE TRIGGER deals_coverage_update AFTER UPDATE OF open_due_max ON deals
WHEN NEW.status = 'open'
  AND COALESCE(substr(NEW.open_due_max, 1, 10), '')
    <> COALESCE(substr(OLD.open_due_max, 1, 10), '')
  AND NOT (
  NEW.org_id IS NOT OLD.org_id OR NEW.owner_id IS NOT OLD.owner_id OR
  NEW.process_id IS NOT OLD.process_id OR NEW.step IS NOT OLD.step OR
  NEW.close_date IS NOT OLD.close_date OR NEW.status IS NOT OLD.status OR
  NEW.closed_at IS NOT OLD.closed_at OR
  NEW.lost_reason IS NOT OLD.lost_reason OR
  NEW.value_cents IS NOT OLD.value_cents OR
  NEW.source_referral_id IS NOT OLD.source_referral_id OR
  NEW.checks_done IS NOT OLD.checks_done OR
  NEW.checks_scored IS NOT OLD.checks_scored OR
  NEW.score_sum IS NOT OLD.score_sum OR
  NEW.referrals_out IS NOT OLD.referrals_out OR
  NEW.referrals_in IS NOT OLD.referrals_in)
BEGIN
  INSERT INTO report_coverage (org_id, owner_id, process_id, due_day, deals)
  VALUES (OLD.org_id, OLD.owner_id, OLD.process_id,
      COALESCE(substr(OLD.open_due_max, 1, 10), ''), -1),
    (NEW.org_id, NEW.owner_id, NEW.process_id,
      COALESCE(substr(NEW.open_due_max, 1, 10), ''), 1)
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET deals = report_coverage.deals + excluded.deals;
END;

DROP TRIGGER next_steps_report_insert;
DROP TRIGGER next_steps_report_update;
DROP TRIGGER next_steps_report_delete;
DROP TRIGGER report_next_step_delta_apply;
DROP VIEW report_next_step_delta;
CREATE TRIGGER next_steps_report_insert AFTER INSERT ON next_steps
WHEN NEW.status = 'open' BEGIN
  INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day, steps)
  VALUES (NEW.org_id, NEW.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = NEW.org_id
      AND d.id = NEW.deal_id), 0), substr(NEW.due, 1, 10), 1)
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
  UPDATE deals SET open_due_max = NEW.due
  WHERE org_id = NEW.org_id AND id = NEW.deal_id
    AND (open_due_max IS NULL OR open_due_max < NEW.due);
END;
CREATE TRIGGER next_steps_report_update AFTER UPDATE OF org_id, deal_id,
  owner_id, due, status ON next_steps
WHEN OLD.status = 'open' OR NEW.status = 'open' BEGIN
  INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day, steps)
  SELECT OLD.org_id, OLD.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = OLD.org_id
      AND d.id = OLD.deal_id), 0), substr(OLD.due, 1, 10), -1
  WHERE OLD.status = 'open'
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
  INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day, steps)
  SELECT NEW.org_id, NEW.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = NEW.org_id
      AND d.id = NEW.deal_id), 0), substr(NEW.due, 1, 10), 1
  WHERE NEW.status = 'open'
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
  UPDATE deals SET open_due_max = (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = OLD.org_id AND ns.deal_id = OLD.deal_id
        AND ns.status = 'open')
  WHERE org_id = OLD.org_id AND id = OLD.deal_id
    AND open_due_max IS NOT (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = OLD.org_id AND ns.deal_id = OLD.deal_id
        AND ns.status = 'open');
  UPDATE deals SET open_due_max = (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = NEW.org_id AND ns.deal_id = NEW.deal_id
        AND ns.status = 'open')
  WHERE org_id = NEW.org_id AND id = NEW.deal_id
    AND (NEW.org_id IS NOT OLD.org_id OR NEW.deal_id IS NOT OLD.deal_id)
    AND open_due_max IS NOT (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = NEW.org_id AND ns.deal_id = NEW.deal_id
        AND ns.status = 'open');
END;
CREATE TRIGGER next_steps_report_delete AFTER DELETE ON next_steps
WHEN OLD.status = 'open' BEGIN
  INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day, steps)
  VALUES (OLD.org_id, OLD.owner_id,
    COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = OLD.org_id
      AND d.id = OLD.deal_id), 0), substr(OLD.due, 1, 10), -1)
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
  UPDATE deals SET open_due_max = (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = OLD.org_id AND ns.deal_id = OLD.deal_id
        AND ns.status = 'open')
  WHERE org_id = OLD.org_id AND id = OLD.deal_id
    AND open_due_max IS NOT (SELECT MAX(ns.due) FROM next_steps ns
      WHERE ns.org_id = OLD.org_id AND ns.deal_id = OLD.deal_id
        AND ns.status = 'open');
END;
-- @END@

-- @PG@
DROP TRIGGER deals_report_update ON deals;
CREATE TRIGGER deals_report_update AFTER UPDATE OF owner_id, process_id,
  step, close_date, status, closed_at, lost_reason, value_cents,
  source_referral_id, open_due_max, checks_done, checks_scored, score_sum,
  referrals_out, referrals_in ON deals
FOR EACH ROW WHEN (
  NEW.org_id IS DISTINCT FROM OLD.org_id OR
  NEW.owner_id IS DISTINCT FROM OLD.owner_id OR
  NEW.process_id IS DISTINCT FROM OLD.process_id OR
  NEW.step IS DISTINCT FROM OLD.step OR
  NEW.close_date IS DISTINCT FROM OLD.close_date OR
  NEW.status IS DISTINCT FROM OLD.status OR
  NEW.closed_at IS DISTINCT FROM OLD.closed_at OR
  NEW.lost_reason IS DISTINCT FROM OLD.lost_reason OR
  NEW.value_cents IS DISTINCT FROM OLD.value_cents OR
  NEW.source_referral_id IS DISTINCT FROM OLD.source_referral_id OR
  NEW.checks_done IS DISTINCT FROM OLD.checks_done OR
  NEW.checks_scored IS DISTINCT FROM OLD.checks_scored OR
  NEW.score_sum IS DISTINCT FROM OLD.score_sum OR
  NEW.referrals_out IS DISTINCT FROM OLD.referrals_out OR
  NEW.referrals_in IS DISTINCT FROM OLD.referrals_in)
EXECUTE FUNCTION deals_report();
CREATE FUNCTION deals_coverage_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_coverage (org_id, owner_id, process_id, due_day, deals)
  VALUES (OLD.org_id, OLD.owner_id, OLD.process_id,
      COALESCE(substr(OLD.open_due_max, 1, 10), ''), -1),
    (NEW.org_id, NEW.owner_id, NEW.process_id,
      COALESCE(substr(NEW.open_due_max, 1, 10), ''), 1)
  ON CONFLICT (org_id, owner_id, process_id, due_day)
  DO UPDATE SET deals = report_coverage.deals + excluded.deals;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_coverage_update AFTER UPDATE OF open_due_max ON deals
FOR EACH ROW WHEN (NEW.status = 'open'
  AND COALESCE(substr(NEW.open_due_max, 1, 10), '')
    <> COALESCE(substr(OLD.open_due_max, 1, 10), '')
  AND NOT (
  NEW.org_id IS DISTINCT FROM OLD.org_id OR
  NEW.owner_id IS DISTINCT FROM OLD.owner_id OR
  NEW.process_id IS DISTINCT FROM OLD.process_id OR
  NEW.step IS DISTINCT FROM OLD.step OR
  NEW.close_date IS DISTINCT FROM OLD.close_date OR
  NEW.status IS DISTINCT FROM OLD.status OR
  NEW.closed_at IS DISTINCT FROM OLD.closed_at OR
  NEW.lost_reason IS DISTINCT FROM OLD.lost_reason OR
  NEW.value_cents IS DISTINCT FROM OLD.value_cents OR
  NEW.source_referral_id IS DISTINCT FROM OLD.source_referral_id OR
  NEW.checks_done IS DISTINCT FROM OLD.checks_done OR
  NEW.checks_scored IS DISTINCT FROM OLD.checks_scored OR
  NEW.score_sum IS DISTINCT FROM OLD.score_sum OR
  NEW.referrals_out IS DISTINCT FROM OLD.referrals_out OR
  NEW.referrals_in IS DISTINCT FROM OLD.referrals_in))
EXECUTE FUNCTION deals_coverage_move();

-- A deal's latest open due, recomputed from its open steps.
CREATE FUNCTION next_steps_due_refresh(org BIGINT, deal BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deals SET open_due_max = m.due
  FROM (SELECT MAX(x.due) AS due FROM next_steps x WHERE x.org_id = org
        AND x.deal_id = deal AND x.status = 'open') m
  WHERE deals.org_id = org AND deals.id = deal
    AND deals.open_due_max IS DISTINCT FROM m.due;
END $$;
CREATE OR REPLACE FUNCTION next_steps_report() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF OLD.status = 'open' THEN
      INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day,
                                     steps)
      VALUES (OLD.org_id, OLD.owner_id,
        COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = OLD.org_id
          AND d.id = OLD.deal_id), 0), substr(OLD.due, 1, 10), -1)
      ON CONFLICT (org_id, owner_id, process_id, due_day)
      DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.status = 'open' THEN
      INSERT INTO report_open_steps (org_id, owner_id, process_id, due_day,
                                     steps)
      VALUES (NEW.org_id, NEW.owner_id,
        COALESCE((SELECT d.process_id FROM deals d WHERE d.org_id = NEW.org_id
          AND d.id = NEW.deal_id), 0), substr(NEW.due, 1, 10), 1)
      ON CONFLICT (org_id, owner_id, process_id, due_day)
      DO UPDATE SET steps = report_open_steps.steps + excluded.steps;
    END IF;
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- one more open step can only raise the latest open due
    IF NEW.status = 'open' THEN
      UPDATE deals SET open_due_max = NEW.due
      WHERE org_id = NEW.org_id AND id = NEW.deal_id
        AND (open_due_max IS NULL OR open_due_max < NEW.due);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.status = 'open' THEN
      PERFORM next_steps_due_refresh(OLD.org_id, OLD.deal_id);
    END IF;
  ELSIF OLD.status = 'open' OR NEW.status = 'open' THEN
    PERFORM next_steps_due_refresh(OLD.org_id, OLD.deal_id);
    IF NEW.org_id IS DISTINCT FROM OLD.org_id
       OR NEW.deal_id IS DISTINCT FROM OLD.deal_id THEN
      PERFORM next_steps_due_refresh(NEW.org_id, NEW.deal_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;
DROP FUNCTION report_next_step_apply(next_steps, BIGINT);
-- @END@
