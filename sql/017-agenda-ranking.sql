-- The agenda ranks a user's promises (open next steps due by today) by
-- their deal's value points (src/core/agenda.c): min(99, the deal's value
-- in thousands × its step's win probability). Each open next step of an
-- open deal keeps those points, so that the promises rank on one index of
-- next steps without reading a deal; only the best `limit` are then read
-- in full. deal_points is NULL for a next step that is not open, or whose
-- deal is not open or stands on no step of its process: exactly the rows
-- the agenda leaves out. The triggers below keep it exact whoever writes
-- (they recompute from the current rows, so they are exact in PostgreSQL
-- too, where row triggers run at the end of their statement);
-- tests/e2e/cli/rollups.test.js checks it after every kind of write.
ALTER TABLE next_steps ADD COLUMN deal_points BIGINT;

-- Rank on the index alone (covering): who, when due, the points, the deal;
-- the row id comes with every index.
CREATE INDEX next_steps_promises ON next_steps (org_id, owner_id, due,
  deal_points, deal_id) WHERE deal_points IS NOT NULL;
-- The same for open deals (stalled, the exit criteria) and for open deals
-- without a next step, which replaces 006's deals_no_next. Every column the
-- agenda's WHERE names is in the index, partial or not: SQLite then takes
-- it over deals_owner without statistics, and reads no row to rank.
CREATE INDEX deals_open_rank ON deals (org_id, owner_id, status, process_id,
  step, step_entered_at, value_cents) WHERE status = 'open';
DROP INDEX deals_no_next;
CREATE INDEX deals_no_next ON deals (org_id, owner_id, status, next_step_id,
  process_id, step, step_entered_at, value_cents)
  WHERE status = 'open' AND next_step_id IS NULL;
-- Contacts to engage are qualified contacts without a deal: each contact
-- keeps whether some deal names it (has_deal, kept by the triggers below),
-- so that the index holds the candidates only and every filter of the
-- agenda's query.
ALTER TABLE contacts ADD COLUMN has_deal BIGINT NOT NULL DEFAULT 0;
DROP INDEX contacts_engage;
CREATE INDEX contacts_engage ON contacts (org_id, owner_id, timing_from,
  timing_to, need, disqualified_at, has_deal)
  WHERE need IS NOT NULL AND need <> '' AND disqualified_at IS NULL
  AND has_deal = 0;

-- @SQLITE@
CREATE TRIGGER next_steps_points_insert AFTER INSERT ON next_steps BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE id = NEW.id;
END;
CREATE TRIGGER next_steps_points_update AFTER UPDATE OF org_id, deal_id,
  status ON next_steps BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE id = NEW.id;
END;
CREATE TRIGGER deals_points_update AFTER UPDATE OF org_id, process_id, step,
  value_cents, status ON deals BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE org_id = NEW.org_id AND deal_id = NEW.id AND status = 'open';
END;
CREATE TRIGGER deals_contact_insert AFTER INSERT ON deals BEGIN
  UPDATE contacts SET has_deal = 1
  WHERE org_id = NEW.org_id AND id = NEW.contact_id AND has_deal = 0;
END;
CREATE TRIGGER deals_contact_update AFTER UPDATE OF org_id, contact_id
  ON deals BEGIN
  UPDATE contacts SET has_deal = CASE WHEN EXISTS (SELECT 1 FROM deals d
    WHERE d.org_id = contacts.org_id AND d.contact_id = contacts.id)
    THEN 1 ELSE 0 END
  WHERE (org_id = OLD.org_id AND id = OLD.contact_id)
     OR (org_id = NEW.org_id AND id = NEW.contact_id);
END;
CREATE TRIGGER deals_contact_delete AFTER DELETE ON deals BEGIN
  UPDATE contacts SET has_deal = CASE WHEN EXISTS (SELECT 1 FROM deals d
    WHERE d.org_id = contacts.org_id AND d.contact_id = contacts.id)
    THEN 1 ELSE 0 END
  WHERE org_id = OLD.org_id AND id = OLD.contact_id;
END;
CREATE TRIGGER steps_points_insert AFTER INSERT ON steps BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE org_id = NEW.org_id AND status = 'open' AND deal_id IN (SELECT id
    FROM deals WHERE org_id = NEW.org_id AND process_id = NEW.process_id
    AND step = NEW.key);
END;
CREATE TRIGGER steps_points_update AFTER UPDATE OF org_id, process_id, key,
  probability ON steps BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE status = 'open' AND deal_id IN (SELECT id FROM deals
    WHERE (org_id = OLD.org_id AND process_id = OLD.process_id
           AND step = OLD.key)
       OR (org_id = NEW.org_id AND process_id = NEW.process_id
           AND step = NEW.key));
END;
CREATE TRIGGER steps_points_delete AFTER DELETE ON steps BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE org_id = OLD.org_id AND status = 'open' AND deal_id IN (SELECT id
    FROM deals WHERE org_id = OLD.org_id AND process_id = OLD.process_id
    AND step = OLD.key);
END;
-- @END@

-- @PG@
CREATE FUNCTION next_steps_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE org_id = NEW.org_id AND id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER next_steps_points AFTER INSERT ON next_steps
FOR EACH ROW EXECUTE FUNCTION next_steps_points();
CREATE TRIGGER next_steps_points_update AFTER UPDATE OF org_id, deal_id,
  status ON next_steps FOR EACH ROW EXECUTE FUNCTION next_steps_points();
CREATE FUNCTION deals_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
  WHERE org_id = NEW.org_id AND deal_id = NEW.id AND status = 'open';
  RETURN NULL;
END $$;
CREATE TRIGGER deals_points_update AFTER UPDATE OF org_id, process_id, step,
  value_cents, status ON deals FOR EACH ROW EXECUTE FUNCTION deals_points();
CREATE FUNCTION deals_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE contacts SET has_deal = CASE WHEN EXISTS (SELECT 1 FROM deals d
    WHERE d.org_id = contacts.org_id AND d.contact_id = contacts.id)
    THEN 1 ELSE 0 END
    WHERE org_id = OLD.org_id AND id = OLD.contact_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE contacts SET has_deal = CASE WHEN EXISTS (SELECT 1 FROM deals d
    WHERE d.org_id = contacts.org_id AND d.contact_id = contacts.id)
    THEN 1 ELSE 0 END
    WHERE org_id = NEW.org_id AND id = NEW.contact_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_contact AFTER INSERT OR DELETE ON deals
FOR EACH ROW EXECUTE FUNCTION deals_contact();
CREATE TRIGGER deals_contact_update AFTER UPDATE OF org_id, contact_id
  ON deals FOR EACH ROW EXECUTE FUNCTION deals_contact();
CREATE FUNCTION steps_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
    WHERE org_id = OLD.org_id AND status = 'open' AND deal_id IN (SELECT id
      FROM deals WHERE org_id = OLD.org_id AND process_id = OLD.process_id
      AND step = OLD.key);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
    WHERE org_id = NEW.org_id AND status = 'open' AND deal_id IN (SELECT id
      FROM deals WHERE org_id = NEW.org_id AND process_id = NEW.process_id
      AND step = NEW.key);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER steps_points AFTER INSERT OR DELETE ON steps
FOR EACH ROW EXECUTE FUNCTION steps_points();
CREATE TRIGGER steps_points_update AFTER UPDATE OF org_id, process_id, key,
  probability ON steps FOR EACH ROW EXECUTE FUNCTION steps_points();
-- @END@

-- backfill: every open next step's points (also run by bulk writers that
-- load with the triggers set aside: history_rebuild_activity())
UPDATE next_steps SET deal_points = (SELECT CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
    THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
  FROM deals d JOIN steps s ON s.org_id = d.org_id
    AND s.process_id = d.process_id AND s.key = d.step
  WHERE d.org_id = next_steps.org_id AND d.id = next_steps.deal_id
    AND d.status = 'open' AND next_steps.status = 'open')
WHERE status = 'open';
UPDATE contacts SET has_deal = CASE WHEN EXISTS (SELECT 1 FROM deals d
    WHERE d.org_id = contacts.org_id AND d.contact_id = contacts.id)
    THEN 1 ELSE 0 END;
-- end of backfill
