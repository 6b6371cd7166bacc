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

-- backfill: every open deal's stall day (also run by bulk writers that load
-- with the triggers set aside: history_rebuild_activity())
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
-- end of backfill

-- Stalled candidates in the order of the day they stall (earliest first),
-- then their value points (more first), the day they entered their step
-- (earlier first) and id: the rank reads the index alone.
CREATE INDEX deals_stall_rank ON deals (org_id, owner_id, stall_day,
  open_points DESC, substr(step_entered_at, 1, 10), id)
  WHERE status = 'open' AND stall_day IS NOT NULL;
