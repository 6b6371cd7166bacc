-- The agenda's deals without a next step rank by their value points, then
-- the day they entered their step (more days first), then id; the
-- exit-criteria scan takes the open deals of highest weighted value (value
-- × the step's win probability), then id (src/core/agenda.c). Both used to
-- be computed from the deal and its step for every open deal of the user,
-- and sorted, before the best `limit` were kept. Now each open deal that
-- stands on a step of its process keeps both in columns, and one index per
-- ranking holds them in rank order, so that each ranking reads `limit`
-- index entries and stops.
--
-- open_points: min(99, value in thousands × probability), as next_steps.
-- deal_points (sql/017-agenda-ranking.sql); open_weight: value_cents ×
-- probability. Both NULL for a deal that is not open or stands on no step
-- of its process: exactly the deals the agenda leaves out. The day counts
-- from the step's entry date; an order by that date (ascending) is the
-- order by days (descending), so the index holds the date, not the days.
-- tests/e2e/cli/rollups.test.js checks both columns after every kind of
-- write.
ALTER TABLE deals ADD COLUMN open_points BIGINT;
ALTER TABLE deals ADD COLUMN open_weight BIGINT;

-- @SQLITE@
CREATE TRIGGER deals_open_rank_insert AFTER INSERT ON deals BEGIN
  UPDATE deals SET
    open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
      THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step AND deals.status = 'open'),
    open_weight = (SELECT deals.value_cents * s.probability
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step AND deals.status = 'open')
  WHERE id = NEW.id;
END;
CREATE TRIGGER deals_open_rank_update AFTER UPDATE OF org_id, process_id,
  step, value_cents, status ON deals BEGIN
  UPDATE deals SET
    open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
      THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step AND deals.status = 'open'),
    open_weight = (SELECT deals.value_cents * s.probability
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step AND deals.status = 'open')
  WHERE id = NEW.id;
END;
CREATE TRIGGER steps_open_rank_insert AFTER INSERT ON steps BEGIN
  UPDATE deals SET
    open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
      THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step),
    open_weight = (SELECT deals.value_cents * s.probability
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step)
  WHERE org_id = NEW.org_id AND status = 'open' AND process_id = NEW.process_id
    AND step = NEW.key;
END;
CREATE TRIGGER steps_open_rank_update AFTER UPDATE OF org_id, process_id, key,
  probability ON steps BEGIN
  UPDATE deals SET
    open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
      THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step),
    open_weight = (SELECT deals.value_cents * s.probability
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step)
  WHERE status = 'open'
    AND ((org_id = OLD.org_id AND process_id = OLD.process_id AND step = OLD.key)
      OR (org_id = NEW.org_id AND process_id = NEW.process_id AND step = NEW.key));
END;
CREATE TRIGGER steps_open_rank_delete AFTER DELETE ON steps BEGIN
  UPDATE deals SET
    open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
      THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step),
    open_weight = (SELECT deals.value_cents * s.probability
      FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
        AND s.key = deals.step)
  WHERE org_id = OLD.org_id AND status = 'open' AND process_id = OLD.process_id
    AND step = OLD.key;
END;
-- @END@

-- @PG@
-- The deal's own row: set before it is written.
CREATE FUNCTION deals_open_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.open_points := NULL;
  NEW.open_weight := NULL;
  IF NEW.status = 'open' THEN
    SELECT CASE WHEN NEW.value_cents / 100 * s.probability / 100 / 1000 > 99
      THEN 99 ELSE NEW.value_cents / 100 * s.probability / 100 / 1000 END,
      NEW.value_cents * s.probability
    INTO NEW.open_points, NEW.open_weight
    FROM steps s WHERE s.org_id = NEW.org_id AND s.process_id = NEW.process_id
      AND s.key = NEW.step;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deals_open_rank BEFORE INSERT OR UPDATE OF org_id, process_id,
  step, value_cents, status ON deals
FOR EACH ROW EXECUTE FUNCTION deals_open_rank();
CREATE FUNCTION steps_open_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE deals SET
      open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
        THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
        FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
          AND s.key = deals.step),
      open_weight = (SELECT deals.value_cents * s.probability
        FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
          AND s.key = deals.step)
    WHERE org_id = OLD.org_id AND status = 'open' AND process_id = OLD.process_id
      AND step = OLD.key;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE deals SET
      open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
        THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
        FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
          AND s.key = deals.step),
      open_weight = (SELECT deals.value_cents * s.probability
        FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
          AND s.key = deals.step)
    WHERE org_id = NEW.org_id AND status = 'open' AND process_id = NEW.process_id
      AND step = NEW.key;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER steps_open_rank AFTER INSERT OR DELETE ON steps
FOR EACH ROW EXECUTE FUNCTION steps_open_rank();
CREATE TRIGGER steps_open_rank_update AFTER UPDATE OF org_id, process_id, key,
  probability ON steps FOR EACH ROW EXECUTE FUNCTION steps_open_rank();
-- @END@

-- backfill: every open deal's rank columns (also run by bulk writers that
-- load with the triggers set aside: history_rebuild_activity())
UPDATE deals SET
  open_points = (SELECT CASE WHEN deals.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE deals.value_cents / 100 * s.probability / 100 / 1000 END
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step),
  open_weight = (SELECT deals.value_cents * s.probability
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step)
WHERE status = 'open';
-- end of backfill

-- Deals without a next step in rank order: points (more first), the day
-- they entered their step (earlier first), id. next_step_id is in the
-- index for SQLite's planner: without statistics it takes the index that
-- matches the most of the query's WHERE.
CREATE INDEX deals_no_next_rank ON deals (org_id, owner_id, next_step_id,
  open_points DESC, substr(step_entered_at, 1, 10), id)
  WHERE status = 'open' AND next_step_id IS NULL AND open_points IS NOT NULL;
-- Open deals by weighted value (more first), then id: the exit-criteria scan.
CREATE INDEX deals_open_weight ON deals (org_id, owner_id, open_weight DESC, id)
  WHERE status = 'open' AND open_weight IS NOT NULL;
