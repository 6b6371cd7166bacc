-- Maintained aggregates the reports read instead of scanning deal_steps
-- (docs/reports.md). Each is a view over `deal_steps` computing one deal's
-- contributions, and a small rollup table of their sums per organisation,
-- day, owner, process and step. core/history.c keeps the rollups exact: for
-- every step event it subtracts the deal's contributions, changes its
-- stays, and adds them again (history_rebuild_aggregates() for bulk
-- writers); so a report reads a few hundred rows per day of its period.
-- Times are text "YYYY-MM-DDTHH:MM:SSZ"; the whole seconds between two are
-- computed from the civil date with integer arithmetic both dialects share.

-- A deal's entries into steps (stays not entered by moving back), each with
-- the day of the deal's previous entry (by event order) into the same step ('' for the first)
-- and whether the deal advanced past the step afterwards, was lost in the
-- step from this entry on, and is won now.
CREATE VIEW report_entry_v AS
SELECT e.org_id, e.deal_id, e.process_id, e.owner_id, e.step,
  substr(e.entered_at, 1, 10) AS day,
  COALESCE((SELECT substr(p.entered_at, 1, 10) FROM deal_steps p
    WHERE p.org_id = e.org_id AND p.deal_id = e.deal_id AND p.step = e.step
      AND p.entered_by <> 'back' AND p.event_id < e.event_id
    ORDER BY p.event_id DESC LIMIT 1), '') AS prev_day,
  CASE WHEN EXISTS (SELECT 1 FROM deal_steps a
      JOIN steps s2 ON s2.org_id = a.org_id AND s2.process_id = e.process_id
       AND s2.key = a.step
      JOIN steps s1 ON s1.org_id = e.org_id AND s1.process_id = e.process_id
       AND s1.key = e.step
    WHERE a.org_id = e.org_id AND a.deal_id = e.deal_id
      AND a.event_id > e.event_id
      AND a.entered_by IN ('advance', 'force', 'won')
      AND s2.position > s1.position) THEN 1 ELSE 0 END AS advanced,
  CASE WHEN EXISTS (SELECT 1 FROM deal_steps l
    WHERE l.org_id = e.org_id AND l.deal_id = e.deal_id
      AND l.event_id >= e.event_id AND l.step = e.step
      AND l.left_by = 'lost') THEN 1 ELSE 0 END AS lost,
  CASE WHEN EXISTS (SELECT 1 FROM deal_steps w WHERE w.org_id = e.org_id
    AND w.deal_id = e.deal_id AND w.entered_by = 'won' AND w.left_at IS NULL)
    THEN 1 ELSE 0 END AS won
FROM deal_steps e WHERE e.entered_by <> 'back';

-- A deal's starts (created or reopened), each with the day of its previous
-- start ('' for the first) and whether the deal is won now.
CREATE VIEW report_start_v AS
SELECT e.org_id, e.deal_id, e.process_id, e.owner_id,
  substr(e.entered_at, 1, 10) AS day,
  COALESCE((SELECT substr(p.entered_at, 1, 10) FROM deal_steps p
    WHERE p.org_id = e.org_id AND p.deal_id = e.deal_id
      AND p.entered_by IN ('create', 'reopen') AND p.event_id < e.event_id
    ORDER BY p.event_id DESC LIMIT 1), '') AS prev_day,
  CASE WHEN EXISTS (SELECT 1 FROM deal_steps w WHERE w.org_id = e.org_id
    AND w.deal_id = e.deal_id AND w.entered_by = 'won' AND w.left_at IS NULL)
    THEN 1 ELSE 0 END AS won
FROM deal_steps e WHERE e.entered_by IN ('create', 'reopen');

-- A deal's ended selling stays: the day each ended and its whole hours. A
-- stay left by moving back ends when the first later stay not left by
-- moving back is left.
CREATE VIEW report_stay_v AS
SELECT z.org_id, z.deal_id, z.process_id, z.owner_id, z.step,
  substr(z.ended_at, 1, 10) AS day,
  (((365 * (CAST(substr(z.ended_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.ended_at, 6, 2) <= '02' THEN 1 ELSE 0 END) + (CAST(substr(z.ended_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.ended_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 4 - (CAST(substr(z.ended_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.ended_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 100 + (CAST(substr(z.ended_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.ended_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 400
      + (153 * ((CAST(substr(z.ended_at, 6, 2) AS BIGINT) + 9) % 12) + 2) / 5
      + CAST(substr(z.ended_at, 9, 2) AS BIGINT)) * 86400
     + CAST(substr(z.ended_at, 12, 2) AS BIGINT) * 3600
     + CAST(substr(z.ended_at, 15, 2) AS BIGINT) * 60 + CAST(substr(z.ended_at, 18, 2) AS BIGINT))
   - ((365 * (CAST(substr(z.entered_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.entered_at, 6, 2) <= '02' THEN 1 ELSE 0 END) + (CAST(substr(z.entered_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.entered_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 4 - (CAST(substr(z.entered_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.entered_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 100 + (CAST(substr(z.entered_at, 1, 4) AS BIGINT) - CASE WHEN substr(z.entered_at, 6, 2) <= '02' THEN 1 ELSE 0 END) / 400
      + (153 * ((CAST(substr(z.entered_at, 6, 2) AS BIGINT) + 9) % 12) + 2) / 5
      + CAST(substr(z.entered_at, 9, 2) AS BIGINT)) * 86400
     + CAST(substr(z.entered_at, 12, 2) AS BIGINT) * 3600
     + CAST(substr(z.entered_at, 15, 2) AS BIGINT) * 60 + CAST(substr(z.entered_at, 18, 2) AS BIGINT))) / 3600 AS hours
FROM (SELECT s.org_id, s.deal_id, s.process_id, s.owner_id, s.step,
        s.entered_at,
        CASE WHEN s.left_by = 'back' THEN (SELECT x.left_at FROM deal_steps x
            WHERE x.org_id = s.org_id AND x.deal_id = s.deal_id
              AND x.event_id > s.event_id AND x.left_at IS NOT NULL
              AND x.left_by <> 'back' ORDER BY x.event_id LIMIT 1)
          ELSE s.left_at END AS ended_at
      FROM deal_steps s
      WHERE s.entered_by IN ('create', 'advance', 'force', 'reopen')
        AND s.left_at IS NOT NULL) z
WHERE z.ended_at IS NOT NULL;

-- A closed deal's cycle: won (its stay entered by winning is still open) or
-- lost (its last stay was left by a loss), the day it closed and the whole
-- hours from its creation.
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
FROM (SELECT s.org_id, s.deal_id, s.process_id, s.owner_id,
        CASE WHEN s.left_by = 'lost' THEN 'lost' ELSE 'won' END AS status,
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

-- The steps a closed deal entered while selling, once each, and whether it
-- is won: what the forecast learns its probabilities from.
CREATE VIEW report_learn_v AS
SELECT DISTINCT s.org_id, s.deal_id, s.process_id, s.owner_id, s.step,
  CASE WHEN EXISTS (SELECT 1 FROM deal_steps w WHERE w.org_id = s.org_id
    AND w.deal_id = s.deal_id AND w.entered_by = 'won' AND w.left_at IS NULL)
    THEN 1 ELSE 0 END AS won
FROM deal_steps s
WHERE s.entered_by IN ('create', 'advance', 'force', 'reopen')
  AND NOT EXISTS (SELECT 1 FROM deal_steps o WHERE o.org_id = s.org_id
    AND o.deal_id = s.deal_id AND o.left_at IS NULL AND o.entered_by <> 'won');

-- The rollups: sums of the views' rows per key. Rows whose sums fell to 0
-- may stay; they change no report.
CREATE TABLE report_entries (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, step TEXT NOT NULL, prev_day TEXT NOT NULL,
  entered BIGINT NOT NULL, advanced BIGINT NOT NULL, lost BIGINT NOT NULL,
  won BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id, step, prev_day)
);
CREATE TABLE report_starts (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, prev_day TEXT NOT NULL,
  deals BIGINT NOT NULL, won BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id, prev_day)
);
CREATE TABLE report_stays (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, step TEXT NOT NULL, hours BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id, step, hours)
);
CREATE TABLE report_cycles (
  org_id BIGINT NOT NULL, day TEXT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, status TEXT NOT NULL, hours BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (org_id, day, owner_id, process_id, status, hours)
);
CREATE TABLE report_learn (
  org_id BIGINT NOT NULL, owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL, step TEXT NOT NULL,
  closed BIGINT NOT NULL, won BIGINT NOT NULL,
  PRIMARY KEY (org_id, owner_id, process_id, step)
);
-- A deal's stays in event order, for the views' per-deal lookups.
CREATE INDEX deal_steps_deal ON deal_steps (org_id, deal_id, event_id);
-- Covering indexes of the reports that read deals: the open deals by close
-- date (pipeline, forecast) and the closed ones by closing time (winrate,
-- followup), for the organisation and, leading with the owner, for a rep.
CREATE INDEX deals_open_report ON deals (org_id, status, close_date, owner_id,
                                         process_id, step, value_cents);
CREATE INDEX deals_owner_open_report ON deals (org_id, owner_id, status,
                                               close_date, process_id, step,
                                               value_cents);
CREATE INDEX deals_closed_report ON deals (org_id, status, closed_at,
                                           owner_id, process_id, value_cents,
                                           lost_reason);
CREATE INDEX deals_owner_closed_report ON deals (org_id, owner_id, status,
                                                 closed_at, process_id,
                                                 value_cents, lost_reason);
CREATE INDEX interactions_owner_report ON interactions (org_id, owner_id, at,
                                                        planned, agreement);
CREATE INDEX next_steps_owner_due ON next_steps (org_id, status, owner_id, due);

-- backfill (bench/gen-reports-db.sh runs the statements from here on)
INSERT INTO report_entries (org_id, day, owner_id, process_id, step, prev_day,
                            entered, advanced, lost, won)
SELECT org_id, day, owner_id, process_id, step, prev_day, COUNT(*),
       SUM(advanced), SUM(lost), SUM(won)
FROM report_entry_v GROUP BY org_id, day, owner_id, process_id, step, prev_day;
INSERT INTO report_starts (org_id, day, owner_id, process_id, prev_day, deals,
                           won)
SELECT org_id, day, owner_id, process_id, prev_day, COUNT(*), SUM(won)
FROM report_start_v GROUP BY org_id, day, owner_id, process_id, prev_day;
INSERT INTO report_stays (org_id, day, owner_id, process_id, step, hours, n)
SELECT org_id, day, owner_id, process_id, step, hours, COUNT(*)
FROM report_stay_v GROUP BY org_id, day, owner_id, process_id, step, hours;
INSERT INTO report_cycles (org_id, day, owner_id, process_id, status, hours, n)
SELECT org_id, day, owner_id, process_id, status, hours, COUNT(*)
FROM report_cycle_v GROUP BY org_id, day, owner_id, process_id, status, hours;
INSERT INTO report_learn (org_id, owner_id, process_id, step, closed, won)
SELECT org_id, owner_id, process_id, step, COUNT(*), SUM(won)
FROM report_learn_v GROUP BY org_id, owner_id, process_id, step;
