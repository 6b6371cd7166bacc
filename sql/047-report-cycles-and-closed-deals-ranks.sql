-- Two costs SQLite pays in every import, move and rebuild, with the same
-- rows and values after as before.
--
-- report_cycle_v computes a deal's creation with a correlated subquery in
-- its inner query and the cycle's whole hours from it with an expression
-- naming it eleven times. SQLite flattens the inner query into the outer
-- one and runs the subquery once for every name. The inner query is now
-- DISTINCT over rows made unique by the stay's event id, which SQLite does
-- not flatten: it runs it as a co-routine, the outer WHERE on org_id and
-- deal_id still pushed down into it (EXPLAIN QUERY PLAN), and the subquery
-- once a row. (report_stay_v's subquery runs only for a stay left by moving
-- back and is cheaper flattened: it stays as it is.)
--
-- A deal written as won or lost ranks nowhere: the triggers of 041 and 045
-- set its open_points, open_weight and stall_day to NULL, which they are
-- when the row is inserted, with an UPDATE of the row each. They now run
-- for an open deal only. No other trigger follows an update of those
-- three columns.
--
-- PostgreSQL evaluates a subquery once a row already, and its triggers are
-- left as they are.
@SQLITE@
DROP VIEW report_cycle_v;
CREATE VIEW report_cycle_v AS
SELECT z.org_id, z.deal_id, z.process_id, z.owner_id, z.status,
  substr(z.closed_at, 1, 10) AS day,
  (((365 * (CAST(substr(z.closed_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.closed_at, 6, 2) <= '02' THEN 1 ELSE 0 END) + (CAST(substr(z.closed_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.closed_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 4 - (CAST(substr(z.closed_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.closed_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 100 + (CAST(substr(z.closed_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.closed_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 400
      + (153 * ((CAST(substr(z.closed_at, 6, 2) AS BIGINT) + 9) % 12) + 2) / 5
      + CAST(substr(z.closed_at, 9, 2) AS BIGINT)) * 86400
     + CAST(substr(z.closed_at, 12, 2) AS BIGINT) * 3600
     + CAST(substr(z.closed_at, 15, 2) AS BIGINT) * 60 + CAST(substr(z.closed_at, 18, 2) AS BIGINT))
   - ((365 * (CAST(substr(z.created_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.created_at, 6, 2) <= '02' THEN 1 ELSE 0 END) + (CAST(substr(z.created_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.created_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 4 - (CAST(substr(z.created_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.created_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 100 + (CAST(substr(z.created_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.created_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 400
      + (153 * ((CAST(substr(z.created_at, 6, 2) AS BIGINT) + 9) % 12) + 2) / 5
      + CAST(substr(z.created_at, 9, 2) AS BIGINT)) * 86400
     + CAST(substr(z.created_at, 12, 2) AS BIGINT) * 3600
     + CAST(substr(z.created_at, 15, 2) AS BIGINT) * 60 + CAST(substr(z.created_at, 18, 2) AS BIGINT))) / 3600 AS hours
FROM (SELECT DISTINCT s.event_id, s.org_id, s.deal_id, s.process_id,
        s.owner_id, CASE WHEN s.left_by = 'lost' THEN 'lost' ELSE 'won' END AS status,
        CASE WHEN s.left_by = 'lost' THEN s.left_at ELSE s.entered_at END
          AS closed_at,
        (SELECT c.entered_at FROM deal_steps c WHERE c.org_id = s.org_id
           AND c.deal_id = s.deal_id AND c.entered_by = 'create'
         ORDER BY c.event_id LIMIT 1) AS created_at
      FROM deal_steps s
      WHERE (s.entered_by = 'won' AND s.left_at IS NULL)
         OR (s.left_by = 'lost' AND NOT EXISTS (SELECT 1 FROM deal_steps n
               WHERE n.org_id = s.org_id AND n.deal_id = s.deal_id
                 AND n.event_id > s.event_id))) z
WHERE z.created_at IS NOT NULL;
DROP TRIGGER deals_open_rank_insert;
CREATE TRIGGER deals_open_rank_insert AFTER INSERT ON deals
WHEN NEW.status = 'open' BEGIN
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
DROP TRIGGER deals_stall_day_insert;
CREATE TRIGGER deals_stall_day_insert AFTER INSERT ON deals
WHEN NEW.status = 'open' BEGIN
  UPDATE deals SET stall_day = (SELECT
      CAST(julianday(substr(deals.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)
        + s.stall_days
    FROM steps s WHERE s.org_id = deals.org_id AND s.process_id = deals.process_id
      AND s.key = deals.step AND deals.status = 'open')
  WHERE id = NEW.id;
END;
@END@
@PG@
SELECT 1;
@END@
