-- The promises the sweep of missed promises (src/core/promise.c) has yet
-- to look at, so that a sweep reads the past-due ones as a range of this
-- table's key instead of paging through every open next step and probing
-- missed_promises for each.
--
-- A row is an open next step of a deal (a step without a deal is never
-- swept) at its due day, for as long as no row of missed_promises records
-- it missed on that day. Recording the miss takes the row away; moving the
-- promise to another day puts it back at the new day, as the sweep counts
-- a promise missed again after a move. A step past due stays here while it
-- is inside its process's grace days or its deal is not open: the sweep
-- still checks both.
CREATE TABLE promises_to_sweep (
  org_id BIGINT NOT NULL,
  due TEXT NOT NULL,
  next_step_id BIGINT NOT NULL,
  PRIMARY KEY (org_id, due, next_step_id)
);

-- backfill
DELETE FROM promises_to_sweep;
INSERT INTO promises_to_sweep (org_id, due, next_step_id)
SELECT ns.org_id, ns.due, ns.id FROM next_steps ns
WHERE ns.status = 'open' AND ns.deal_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM missed_promises mp
    WHERE mp.org_id = ns.org_id AND mp.next_step_id = ns.id
      AND mp.due = ns.due);
-- end of backfill

-- Kept by whatever writes a next step or a missed promise (the services,
-- an import, a merge, a restore, plain SQL).
-- @SQLITE@
CREATE TRIGGER next_steps_sweep_insert AFTER INSERT ON next_steps
WHEN NEW.status = 'open' AND NEW.deal_id IS NOT NULL
BEGIN
  INSERT INTO promises_to_sweep (org_id, due, next_step_id)
  SELECT NEW.org_id, NEW.due, NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM missed_promises mp
    WHERE mp.org_id = NEW.org_id AND mp.next_step_id = NEW.id
      AND mp.due = NEW.due)
  ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER next_steps_sweep_update AFTER UPDATE OF org_id, id, deal_id,
  due, status ON next_steps
BEGIN
  DELETE FROM promises_to_sweep WHERE org_id = OLD.org_id
    AND due = OLD.due AND next_step_id = OLD.id;
  INSERT INTO promises_to_sweep (org_id, due, next_step_id)
  SELECT NEW.org_id, NEW.due, NEW.id
  WHERE NEW.status = 'open' AND NEW.deal_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM missed_promises mp
      WHERE mp.org_id = NEW.org_id AND mp.next_step_id = NEW.id
        AND mp.due = NEW.due)
  ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER next_steps_sweep_delete AFTER DELETE ON next_steps
WHEN OLD.status = 'open'
BEGIN
  DELETE FROM promises_to_sweep WHERE org_id = OLD.org_id
    AND due = OLD.due AND next_step_id = OLD.id;
END;
CREATE TRIGGER missed_promises_sweep_insert AFTER INSERT ON missed_promises
BEGIN
  DELETE FROM promises_to_sweep WHERE org_id = NEW.org_id
    AND due = NEW.due AND next_step_id = NEW.next_step_id;
END;
CREATE TRIGGER missed_promises_sweep_update AFTER UPDATE OF org_id,
  next_step_id, due ON missed_promises
BEGIN
  INSERT INTO promises_to_sweep (org_id, due, next_step_id)
  SELECT ns.org_id, ns.due, ns.id FROM next_steps ns
  WHERE ns.org_id = OLD.org_id AND ns.id = OLD.next_step_id
    AND ns.due = OLD.due AND ns.status = 'open' AND ns.deal_id IS NOT NULL
  ON CONFLICT DO NOTHING;
  DELETE FROM promises_to_sweep WHERE org_id = NEW.org_id
    AND due = NEW.due AND next_step_id = NEW.next_step_id;
END;
CREATE TRIGGER missed_promises_sweep_delete AFTER DELETE ON missed_promises
BEGIN
  INSERT INTO promises_to_sweep (org_id, due, next_step_id)
  SELECT ns.org_id, ns.due, ns.id FROM next_steps ns
  WHERE ns.org_id = OLD.org_id AND ns.id = OLD.next_step_id
    AND ns.due = OLD.due AND ns.status = 'open' AND ns.deal_id IS NOT NULL
  ON CONFLICT DO NOTHING;
END;
-- @END@
-- @PG@
-- Puts next step ID back in the table when it is an open promise of a deal
-- at DUE not recorded missed on that day.
CREATE FUNCTION promises_to_sweep_add(org BIGINT, step BIGINT, day TEXT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO promises_to_sweep (org_id, due, next_step_id)
  SELECT ns.org_id, ns.due, ns.id FROM next_steps ns
  WHERE ns.org_id = org AND ns.id = step AND ns.due = day
    AND ns.status = 'open' AND ns.deal_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM missed_promises mp
      WHERE mp.org_id = org AND mp.next_step_id = step AND mp.due = day)
  ON CONFLICT DO NOTHING;
END $$;
CREATE FUNCTION next_steps_sweep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM promises_to_sweep WHERE org_id = OLD.org_id
      AND due = OLD.due AND next_step_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'open'
     AND NEW.deal_id IS NOT NULL THEN
    PERFORM promises_to_sweep_add(NEW.org_id, NEW.id, NEW.due);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER next_steps_sweep AFTER INSERT OR DELETE ON next_steps
FOR EACH ROW EXECUTE FUNCTION next_steps_sweep();
CREATE TRIGGER next_steps_sweep_update AFTER UPDATE OF org_id, id, deal_id,
  due, status ON next_steps
FOR EACH ROW EXECUTE FUNCTION next_steps_sweep();
CREATE FUNCTION missed_promises_sweep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    DELETE FROM promises_to_sweep WHERE org_id = NEW.org_id
      AND due = NEW.due AND next_step_id = NEW.next_step_id;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM promises_to_sweep_add(OLD.org_id, OLD.next_step_id, OLD.due);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER missed_promises_sweep AFTER INSERT OR DELETE ON missed_promises
FOR EACH ROW EXECUTE FUNCTION missed_promises_sweep();
CREATE TRIGGER missed_promises_sweep_update AFTER UPDATE OF org_id,
  next_step_id, due ON missed_promises
FOR EACH ROW EXECUTE FUNCTION missed_promises_sweep();
-- @END@
