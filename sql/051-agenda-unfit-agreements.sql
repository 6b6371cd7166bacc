-- What the agenda reads, kept so that it reads little: its "no fit" items
-- and its exit criteria's agreements.
--
-- The "no fit" items (src/core/agenda.c) are the open deals with
-- wants and not one fit. Their candidates used to be every deal named by a
-- want of the organisation, each then looked up and probed for a fit: on a
-- demo most deals have wants, so every agenda read thousands of wants to
-- keep a handful of deals. Now each deal keeps whether it has wants and not
-- one fit (1) or not (0), and one partial index holds the open deals with
-- the flag by owner, so the agenda reads only its candidates.
-- tests/e2e/lib/rollups.js recomputes it after every kind of write.
ALTER TABLE deals ADD COLUMN wants_unfit BIGINT NOT NULL DEFAULT 0;

-- @SQLITE@
CREATE TRIGGER wants_unfit_insert AFTER INSERT ON wants BEGIN
  UPDATE deals SET wants_unfit = 1 - EXISTS (SELECT 1 FROM fits f
      WHERE f.org_id = deals.org_id AND f.deal_id = deals.id)
  WHERE org_id = NEW.org_id AND id = NEW.deal_id AND wants_unfit <> 1 -
    EXISTS (SELECT 1 FROM fits f WHERE f.org_id = deals.org_id
      AND f.deal_id = deals.id);
END;
CREATE TRIGGER wants_unfit_delete AFTER DELETE ON wants BEGIN
  UPDATE deals SET wants_unfit = 0
  WHERE org_id = OLD.org_id AND id = OLD.deal_id AND wants_unfit = 1
    AND NOT EXISTS (SELECT 1 FROM wants w WHERE w.org_id = deals.org_id
      AND w.deal_id = deals.id);
END;
CREATE TRIGGER wants_unfit_update AFTER UPDATE OF org_id, deal_id ON wants
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.deal_id IS NOT OLD.deal_id
BEGIN
  UPDATE deals SET wants_unfit = 1 - wants_unfit
  WHERE ((org_id = OLD.org_id AND id = OLD.deal_id)
      OR (org_id = NEW.org_id AND id = NEW.deal_id))
    AND wants_unfit <> (EXISTS (SELECT 1 FROM wants w WHERE w.org_id =
      deals.org_id AND w.deal_id = deals.id) AND NOT EXISTS (SELECT 1 FROM
      fits f WHERE f.org_id = deals.org_id AND f.deal_id = deals.id));
END;
CREATE TRIGGER fits_unfit_insert AFTER INSERT ON fits BEGIN
  UPDATE deals SET wants_unfit = 0
  WHERE org_id = NEW.org_id AND id = NEW.deal_id AND wants_unfit = 1;
END;
CREATE TRIGGER fits_unfit_delete AFTER DELETE ON fits BEGIN
  UPDATE deals SET wants_unfit = 1
  WHERE org_id = OLD.org_id AND id = OLD.deal_id AND wants_unfit = 0
    AND EXISTS (SELECT 1 FROM wants w WHERE w.org_id = deals.org_id
      AND w.deal_id = deals.id)
    AND NOT EXISTS (SELECT 1 FROM fits f WHERE f.org_id = deals.org_id
      AND f.deal_id = deals.id);
END;
CREATE TRIGGER fits_unfit_update AFTER UPDATE OF org_id, deal_id ON fits
WHEN NEW.org_id IS NOT OLD.org_id OR NEW.deal_id IS NOT OLD.deal_id
BEGIN
  UPDATE deals SET wants_unfit = 1 - wants_unfit
  WHERE ((org_id = OLD.org_id AND id = OLD.deal_id)
      OR (org_id = NEW.org_id AND id = NEW.deal_id))
    AND wants_unfit <> (EXISTS (SELECT 1 FROM wants w WHERE w.org_id =
      deals.org_id AND w.deal_id = deals.id) AND NOT EXISTS (SELECT 1 FROM
      fits f WHERE f.org_id = deals.org_id AND f.deal_id = deals.id));
END;
-- @END@

-- @PG@
-- One function for both tables: each row of wants and of fits names its
-- deal by (org_id, deal_id); the deals it leaves and joins are set again.
CREATE FUNCTION deals_wants_unfit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE deals SET wants_unfit = 1 - wants_unfit
    WHERE org_id = OLD.org_id AND id = OLD.deal_id
      AND wants_unfit <> CASE WHEN EXISTS (SELECT 1 FROM wants w
        WHERE w.org_id = deals.org_id AND w.deal_id = deals.id) AND NOT EXISTS
        (SELECT 1 FROM fits f WHERE f.org_id = deals.org_id
          AND f.deal_id = deals.id) THEN 1 ELSE 0 END;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE deals SET wants_unfit = 1 - wants_unfit
    WHERE org_id = NEW.org_id AND id = NEW.deal_id
      AND wants_unfit <> CASE WHEN EXISTS (SELECT 1 FROM wants w
        WHERE w.org_id = deals.org_id AND w.deal_id = deals.id) AND NOT EXISTS
        (SELECT 1 FROM fits f WHERE f.org_id = deals.org_id
          AND f.deal_id = deals.id) THEN 1 ELSE 0 END;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER wants_unfit AFTER INSERT OR DELETE OR UPDATE OF org_id, deal_id
  ON wants FOR EACH ROW EXECUTE FUNCTION deals_wants_unfit();
CREATE TRIGGER fits_unfit AFTER INSERT OR DELETE OR UPDATE OF org_id, deal_id
  ON fits FOR EACH ROW EXECUTE FUNCTION deals_wants_unfit();
-- @END@

-- backfill: every deal named by a want (also run by bulk writers that load
-- with the triggers set aside: history_rebuild_activity(); their deals are
-- written with the default 0, and so are those of no want here)
UPDATE deals SET wants_unfit = CASE WHEN EXISTS (SELECT 1 FROM wants w
    WHERE w.org_id = deals.org_id AND w.deal_id = deals.id) AND NOT EXISTS
    (SELECT 1 FROM fits f WHERE f.org_id = deals.org_id
      AND f.deal_id = deals.id) THEN 1 ELSE 0 END
WHERE id IN (SELECT deal_id FROM wants);
-- end of backfill

-- The open deals with the flag, by owner, with what their rank reads: the
-- process (its no_fit_days) and open_points (set for a deal on a step of
-- its process, as the agenda's items are). The index's rows all hold the
-- same flag and status; they are among its columns so that SQLite, which
-- has no statistics to tell a partial index is small, takes it over the
-- indexes of every open deal of the owner (deals_open_rank matches three
-- equalities).
CREATE INDEX deals_wants_unfit ON deals (org_id, wants_unfit, status, owner_id,
  process_id, open_points) WHERE status = 'open' AND wants_unfit = 1;

-- A deal's wants with the time each was recorded, so that the time of its
-- first want (the days a deal has been without a fit) is read from the
-- index alone.
DROP INDEX wants_deal;
CREATE INDEX wants_deal ON wants (org_id, deal_id, kind, created_at);

-- The exit criteria's agreements (src/core/deal-criteria.c): a step whose
-- criteria ask for the customer's agreement holds when one was logged in
-- the step since the deal entered it. The agenda judges its most valuable
-- deals at once, and it used to read every interaction of theirs since the
-- earliest of those entries: a deal where calls with an agreement are logged
-- day after day made that read grow without end. Now the latest agreement of
-- each deal's step is enough, read from this index alone (the flag is among
-- its columns, as above, so that SQLite takes it over interactions_deal).
CREATE INDEX interactions_agreement ON interactions (org_id, deal_id, agreement,
  step, at) WHERE agreement = 1;
