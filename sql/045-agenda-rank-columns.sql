-- The agenda's stalled deals (src/core/agenda.c) are the open deals longer
-- in their step than the step's stall_days. Their rank used to compute the
-- days in the step of every open deal of the user, and sort them all,
-- before the best `limit` were kept. Now each open deal that stands on a
-- step of its process keeps the day it stalls: its day number (days since
-- 1970-01-01) of the day it entered the step, plus the step's stall_days.
-- A deal is stalled from the day after that day on, and the longer it has
-- been stalled the earlier that day, so one index holds the candidates in
-- the order of their dominant term (agenda.c: stalled() stops reading when
-- no later entry can enter the top `limit`).
--
-- stall_day is NULL for a deal that is not open or stands on no step of its
-- process, as deals.open_points (sql/041-agenda-open-rank.sql), whose value
-- points the index holds beside it. tests/e2e/lib/rollups.js recomputes it
-- after every kind of write.
ALTER TABLE deals ADD COLUMN stall_day BIGINT;

-- @SQLITE@
CREATE TRIGGER deals_stall_day_insert AFTER INSERT ON deals BEGIN
  UPDATE deals SET stall_day = (SELECT
      CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
        + s.stall_days
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step AND deals.status = 'open')
  WHERE id = NEW.id;
END;
CREATE TRIGGER deals_stall_day_update AFTER UPDATE OF org_id, process_id,
  step, step_entered_at, status ON deals
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.process_id IS NOT OLD.process_id OR
  NEW.step IS NOT OLD.step OR NEW.step_entered_at IS NOT OLD.step_entered_at OR
  NEW.status IS NOT OLD.status
BEGIN
  UPDATE deals SET stall_day = (SELECT
      CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
        + s.stall_days
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step AND deals.status = 'open')
  WHERE id = NEW.id;
END;
CREATE TRIGGER steps_stall_day_insert AFTER INSERT ON steps BEGIN
  UPDATE deals SET stall_day = (SELECT
      CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
        + s.stall_days
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step)
  WHERE org_id = NEW.org_id AND status = 'open' AND process_id = NEW.process_id
    AND step = NEW.key;
END;
CREATE TRIGGER steps_stall_day_update AFTER UPDATE OF org_id, process_id, key,
  stall_days ON steps BEGIN
  UPDATE deals SET stall_day = (SELECT
      CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
        + s.stall_days
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step)
  WHERE status = 'open'
    AND ((org_id = OLD.org_id AND process_id = OLD.process_id AND step = OLD.key)
      OR (org_id = NEW.org_id AND process_id = NEW.process_id AND step = NEW.key));
END;
CREATE TRIGGER steps_stall_day_delete AFTER DELETE ON steps BEGIN
  UPDATE deals SET stall_day = (SELECT
      CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
        + s.stall_days
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step)
  WHERE org_id = OLD.org_id AND status = 'open' AND process_id = OLD.process_id
    AND step = OLD.key;
END;
-- @END@

-- @PG@
-- The deal's own row: set before it is written.
CREATE FUNCTION deals_stall_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.stall_day := NULL;
  IF NEW.status = 'open' THEN
    SELECT (CAST(substr(NEW.step_entered_at, 1, 10) AS DATE) - DATE '1970-01-01')
        + s.stall_days
    INTO NEW.stall_day
    FROM steps s WHERE s.org_id = NEW.org_id AND s.process_id = NEW.process_id
      AND s.key = NEW.step;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deals_stall_day BEFORE INSERT OR UPDATE OF org_id, process_id,
  step, step_entered_at, status ON deals
FOR EACH ROW EXECUTE FUNCTION deals_stall_day();
CREATE FUNCTION steps_stall_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE deals SET stall_day = (SELECT
        (CAST(substr(deals.step_entered_at, 1, 10) AS DATE) - DATE '1970-01-01')
          + s.stall_days
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step)
    WHERE org_id = OLD.org_id AND status = 'open' AND process_id = OLD.process_id
      AND step = OLD.key;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE deals SET stall_day = (SELECT
        (CAST(substr(deals.step_entered_at, 1, 10) AS DATE) - DATE '1970-01-01')
          + s.stall_days
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step)
    WHERE org_id = NEW.org_id AND status = 'open' AND process_id = NEW.process_id
      AND step = NEW.key;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER steps_stall_day AFTER INSERT OR DELETE ON steps
FOR EACH ROW EXECUTE FUNCTION steps_stall_day();
CREATE TRIGGER steps_stall_day_update AFTER UPDATE OF org_id, process_id, key,
  stall_days ON steps FOR EACH ROW EXECUTE FUNCTION steps_stall_day();
-- @END@



-- Recoveries: a satisfaction check scored at or below 2 (CHECK_RECOVERY_SCORE,
-- src/core/check.h) stays on the agenda until an interaction on its deal at
-- or after the check answers it. The agenda used to look for that
-- interaction for every low-scored check of the user, answered or not; now
-- each check keeps whether it is still unanswered (1) or not (0), and one
-- index holds the unanswered ones in the agenda's order: the day the check
-- was done (earliest first: more days and so at least the score), the deal,
-- the check. tests/e2e/lib/rollups.js recomputes it after every kind of
-- write.
ALTER TABLE checks ADD COLUMN unanswered BIGINT NOT NULL DEFAULT 0;

-- @SQLITE@
CREATE TRIGGER checks_unanswered_insert AFTER INSERT ON checks BEGIN
  UPDATE checks SET unanswered = CASE WHEN checks.score <= 2
      AND checks.done_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM interactions i
        WHERE i.org_id = checks.org_id AND i.deal_id = checks.deal_id
          AND i.at >= checks.done_at) THEN 1 ELSE 0 END
  WHERE id = NEW.id;
END;
CREATE TRIGGER checks_unanswered_update AFTER UPDATE OF org_id, deal_id, score,
  done_at ON checks
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.deal_id IS NOT OLD.deal_id OR
  NEW.score IS NOT OLD.score OR NEW.done_at IS NOT OLD.done_at
BEGIN
  UPDATE checks SET unanswered = CASE WHEN checks.score <= 2
      AND checks.done_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM interactions i
        WHERE i.org_id = checks.org_id AND i.deal_id = checks.deal_id
          AND i.at >= checks.done_at) THEN 1 ELSE 0 END
  WHERE id = NEW.id;
END;
-- a new interaction can only answer: the deal's unanswered checks done by then
CREATE TRIGGER interactions_unanswered_insert AFTER INSERT ON interactions
WHEN NEW.deal_id IS NOT NULL BEGIN
  UPDATE checks SET unanswered = 0
  WHERE org_id = NEW.org_id AND deal_id = NEW.deal_id AND unanswered = 1
    AND done_at <= NEW.at;
END;
CREATE TRIGGER interactions_unanswered_update AFTER UPDATE OF org_id, deal_id,
  at ON interactions
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.deal_id IS NOT OLD.deal_id OR
  NEW.at IS NOT OLD.at
BEGIN
  UPDATE checks SET unanswered = CASE WHEN NOT EXISTS (SELECT 1 FROM interactions i
      WHERE i.org_id = checks.org_id AND i.deal_id = checks.deal_id
        AND i.at >= checks.done_at) THEN 1 ELSE 0 END
  WHERE ((org_id = OLD.org_id AND deal_id = OLD.deal_id)
      OR (org_id = NEW.org_id AND deal_id = NEW.deal_id))
    AND score <= 2 AND done_at IS NOT NULL;
END;
CREATE TRIGGER interactions_unanswered_delete AFTER DELETE ON interactions
WHEN OLD.deal_id IS NOT NULL BEGIN
  UPDATE checks SET unanswered = CASE WHEN NOT EXISTS (SELECT 1 FROM interactions i
      WHERE i.org_id = checks.org_id AND i.deal_id = checks.deal_id
        AND i.at >= checks.done_at) THEN 1 ELSE 0 END
  WHERE org_id = OLD.org_id AND deal_id = OLD.deal_id AND score <= 2
    AND done_at IS NOT NULL;
END;
-- @END@

-- @PG@
CREATE FUNCTION checks_unanswered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.unanswered := CASE WHEN NEW.score <= 2 AND NEW.done_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.org_id = NEW.org_id
      AND i.deal_id = NEW.deal_id AND i.at >= NEW.done_at) THEN 1 ELSE 0 END;
  RETURN NEW;
END $$;
CREATE TRIGGER checks_unanswered BEFORE INSERT OR UPDATE OF org_id, deal_id,
  score, done_at ON checks
FOR EACH ROW EXECUTE FUNCTION checks_unanswered();
CREATE FUNCTION interactions_unanswered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- a new interaction can only answer
    UPDATE checks SET unanswered = 0
    WHERE org_id = NEW.org_id AND deal_id = NEW.deal_id AND unanswered = 1
      AND done_at <= NEW.at;
    RETURN NULL;
  END IF;
  UPDATE checks SET unanswered = CASE WHEN NOT EXISTS (SELECT 1 FROM interactions i
      WHERE i.org_id = checks.org_id AND i.deal_id = checks.deal_id
        AND i.at >= checks.done_at) THEN 1 ELSE 0 END
  WHERE org_id = OLD.org_id AND deal_id = OLD.deal_id AND score <= 2
    AND done_at IS NOT NULL;
  IF TG_OP = 'UPDATE' THEN
    UPDATE checks SET unanswered = CASE WHEN NOT EXISTS (SELECT 1 FROM interactions i
        WHERE i.org_id = checks.org_id AND i.deal_id = checks.deal_id
          AND i.at >= checks.done_at) THEN 1 ELSE 0 END
    WHERE org_id = NEW.org_id AND deal_id = NEW.deal_id AND score <= 2
      AND done_at IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER interactions_unanswered AFTER INSERT OR DELETE ON interactions
FOR EACH ROW EXECUTE FUNCTION interactions_unanswered();
CREATE TRIGGER interactions_unanswered_update AFTER UPDATE OF org_id, deal_id,
  at ON interactions FOR EACH ROW EXECUTE FUNCTION interactions_unanswered();
-- @END@

-- backfill: every open deal's stall day and every check's unanswered flag
-- (also run by bulk writers that load with the triggers set aside:
-- history_rebuild_activity())
-- @SQLITE@
UPDATE deals SET stall_day = (SELECT
    CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
      + s.stall_days
  FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
    AND s.key = deals.step)
WHERE status = 'open';
-- @END@
-- @PG@
UPDATE deals SET stall_day = (SELECT
    (CAST(substr(deals.step_entered_at, 1, 10) AS DATE) - DATE '1970-01-01')
      + s.stall_days
  FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
    AND s.key = deals.step)
WHERE status = 'open';
-- @END@
UPDATE checks SET unanswered = CASE WHEN score <= 2 AND done_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.org_id = checks.org_id
      AND i.deal_id = checks.deal_id AND i.at >= checks.done_at) THEN 1 ELSE 0 END
WHERE score <= 2 AND done_at IS NOT NULL;
-- end of backfill

CREATE INDEX checks_unanswered_rank ON checks (org_id, owner_id,
  substr(done_at, 1, 10), deal_id, id) WHERE unanswered = 1;

-- Stalled candidates in the order of the day they stall (earliest first),
-- then their value points (more first), the day they entered their step
-- (earlier first) and id.
CREATE INDEX deals_stall_rank ON deals (org_id, owner_id, stall_day,
  open_points DESC, substr(step_entered_at, 1, 10), id)
  WHERE status = 'open' AND stall_day IS NOT NULL;

-- Checks due: the agenda's order is the due day (a due is a date; the
-- score and the days both fall as it moves later), then the deal, then the
-- check, so the rank reads `limit` entries of this index and stops.
CREATE INDEX checks_due_rank ON checks (org_id, owner_id, due, deal_id, id)
  WHERE done_at IS NULL;
