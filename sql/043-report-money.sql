-- The money of the pipeline and the win rate (docs/reports.md) as
-- maintained rows, so that each report converts a few hundred groups
-- instead of reading every open or closed deal.
--
-- Both convert each amount at its own rate day (docs/money.md): an open
-- deal's close date, a closed deal's day closed (else its close date). The
-- rollups of sql/007 hold no currency, so they cannot be converted; these
-- rows sum the deals per owner, process, step, status, lost reason,
-- currency, day and rate day, which is every key the two reports group or
-- filter by. The base currency needs no rate day, but it can change: the
-- report maps it to '' when it reads, not here.
--
-- An open deal: its step, lost reason '', day and rate day its close date
-- ('' for none). A won or lost deal: step '', its lost reason ('' for
-- none), day its day closed ('' when unknown), rate day that day, else its
-- close date, else ''. Deals disqualified are neither.
CREATE TABLE report_deal_money (
  org_id BIGINT NOT NULL, status TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, step TEXT NOT NULL, lost_reason TEXT NOT NULL,
  currency TEXT NOT NULL, day TEXT NOT NULL, rate_day TEXT NOT NULL,
  deals BIGINT NOT NULL, value_cents BIGINT NOT NULL,
  PRIMARY KEY (org_id, status, owner_id, process_id, step, lost_reason,
               currency, day, rate_day)
);

-- backfill
DELETE FROM report_deal_money;
INSERT INTO report_deal_money (org_id, status, owner_id, process_id, step,
                               lost_reason, currency, day, rate_day, deals,
                               value_cents)
SELECT org_id, status, owner_id, process_id,
  CASE WHEN status = 'open' THEN step ELSE '' END,
  CASE WHEN status = 'open' THEN '' ELSE COALESCE(lost_reason, '') END,
  currency,
  CASE WHEN status = 'open' THEN COALESCE(close_date, '')
    ELSE COALESCE(substr(closed_at, 1, 10), '') END,
  COALESCE(CASE WHEN status = 'open' THEN NULL
    ELSE substr(closed_at, 1, 10) END, close_date, ''),
  COUNT(*), SUM(value_cents)
FROM deals WHERE status IN ('open', 'won', 'lost')
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
-- end of backfill

-- A deal's row is taken away (delta -1) and added (delta 1) by every
-- write of a column it is keyed or summed by: whatever writes the deal
-- (the services, an import, a merge, plain SQL), the sums stay exact.
-- @SQLITE@
CREATE VIEW report_money_delta AS
SELECT org_id, status, owner_id, process_id, step, lost_reason, currency,
  close_date, closed_at, value_cents, 0 AS delta
FROM deals WHERE 0;
CREATE TRIGGER report_money_delta_apply INSTEAD OF INSERT ON report_money_delta
BEGIN
  INSERT INTO report_deal_money (org_id, status, owner_id, process_id, step,
                                 lost_reason, currency, day, rate_day, deals,
                                 value_cents)
  SELECT NEW.org_id, NEW.status, NEW.owner_id, NEW.process_id,
    CASE WHEN NEW.status = 'open' THEN NEW.step ELSE '' END,
    CASE WHEN NEW.status = 'open' THEN ''
      ELSE COALESCE(NEW.lost_reason, '') END,
    NEW.currency,
    CASE WHEN NEW.status = 'open' THEN COALESCE(NEW.close_date, '')
      ELSE COALESCE(substr(NEW.closed_at, 1, 10), '') END,
    COALESCE(CASE WHEN NEW.status = 'open' THEN NULL
      ELSE substr(NEW.closed_at, 1, 10) END, NEW.close_date, ''),
    NEW.delta, NEW.delta * NEW.value_cents
  WHERE NEW.status IN ('open', 'won', 'lost')
  ON CONFLICT (org_id, status, owner_id, process_id, step, lost_reason,
               currency, day, rate_day)
  DO UPDATE SET deals = report_deal_money.deals + excluded.deals,
    value_cents = report_deal_money.value_cents + excluded.value_cents;
END;
CREATE TRIGGER deals_money_insert AFTER INSERT ON deals BEGIN
  INSERT INTO report_money_delta VALUES (NEW.org_id, NEW.status,
    NEW.owner_id, NEW.process_id, NEW.step, NEW.lost_reason, NEW.currency,
    NEW.close_date, NEW.closed_at, NEW.value_cents, 1);
END;
CREATE TRIGGER deals_money_update AFTER UPDATE OF org_id, status, owner_id,
  process_id, step, lost_reason, currency, close_date, closed_at,
  value_cents ON deals
BEGIN
  INSERT INTO report_money_delta VALUES (OLD.org_id, OLD.status,
    OLD.owner_id, OLD.process_id, OLD.step, OLD.lost_reason, OLD.currency,
    OLD.close_date, OLD.closed_at, OLD.value_cents, -1);
  INSERT INTO report_money_delta VALUES (NEW.org_id, NEW.status,
    NEW.owner_id, NEW.process_id, NEW.step, NEW.lost_reason, NEW.currency,
    NEW.close_date, NEW.closed_at, NEW.value_cents, 1);
END;
CREATE TRIGGER deals_money_delete AFTER DELETE ON deals BEGIN
  INSERT INTO report_money_delta VALUES (OLD.org_id, OLD.status,
    OLD.owner_id, OLD.process_id, OLD.step, OLD.lost_reason, OLD.currency,
    OLD.close_date, OLD.closed_at, OLD.value_cents, -1);
END;
-- @END@
-- @PG@
CREATE FUNCTION report_money_apply(d deals, delta BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF d.status NOT IN ('open', 'won', 'lost') THEN
    RETURN;
  END IF;
  INSERT INTO report_deal_money (org_id, status, owner_id, process_id, step,
                                 lost_reason, currency, day, rate_day, deals,
                                 value_cents)
  VALUES (d.org_id, d.status, d.owner_id, d.process_id,
    CASE WHEN d.status = 'open' THEN d.step ELSE '' END,
    CASE WHEN d.status = 'open' THEN '' ELSE COALESCE(d.lost_reason, '') END,
    d.currency,
    CASE WHEN d.status = 'open' THEN COALESCE(d.close_date, '')
      ELSE COALESCE(substr(d.closed_at, 1, 10), '') END,
    COALESCE(CASE WHEN d.status = 'open' THEN NULL
      ELSE substr(d.closed_at, 1, 10) END, d.close_date, ''),
    delta, delta * d.value_cents)
  ON CONFLICT (org_id, status, owner_id, process_id, step, lost_reason,
               currency, day, rate_day)
  DO UPDATE SET deals = report_deal_money.deals + excluded.deals,
    value_cents = report_deal_money.value_cents + excluded.value_cents;
END $$;
CREATE FUNCTION deals_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM report_money_apply(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM report_money_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_money AFTER INSERT OR DELETE ON deals
FOR EACH ROW EXECUTE FUNCTION deals_money();
CREATE TRIGGER deals_money_update AFTER UPDATE OF org_id, status, owner_id,
  process_id, step, lost_reason, currency, close_date, closed_at,
  value_cents ON deals
FOR EACH ROW EXECUTE FUNCTION deals_money();
-- @END@
