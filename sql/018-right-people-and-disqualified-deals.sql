-- Step 1's right people and honest disqualification (docs/process.md):
-- a stakeholder may be the problem owner (the person with the need); a
-- deal may be disqualified (not lost) for a reason of core/engage.c's list
-- with a note; a process says after how many days a deal whose wants have
-- no fit becomes a disqualification candidate on the agenda.

-- stakeholders.role gains 'problem_owner' and deals.status 'disqualified'.
-- A CHECK constraint cannot be altered in SQLite and both tables are
-- referenced and watched by triggers, so there the constraint's text is
-- widened in place: SQLite documents editing the schema this way for
-- constraint changes that leave the stored rows valid, which a constraint
-- accepting more values does. The index created after it moves the schema
-- version on, so that every open connection reads the new text.
@SQLITE@
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql,
  'CHECK (status IN (''open'', ''won'', ''lost''))',
  'CHECK (status IN (''open'', ''won'', ''lost'', ''disqualified''))')
WHERE type = 'table' AND name = 'deals';
UPDATE sqlite_master SET sql = replace(sql, '''committee_member''))',
  '''committee_member'', ''problem_owner''))')
WHERE type = 'table' AND name = 'stakeholders';
PRAGMA writable_schema = RESET;
@END@
@PG@
ALTER TABLE deals DROP CONSTRAINT deals_status_check;
ALTER TABLE deals ADD CONSTRAINT deals_status_check
  CHECK (status IN ('open', 'won', 'lost', 'disqualified'));
ALTER TABLE stakeholders DROP CONSTRAINT stakeholders_role_check;
ALTER TABLE stakeholders ADD CONSTRAINT stakeholders_role_check
  CHECK (role IN ('decision_maker', 'influencer', 'user', 'champion',
                  'committee_member', 'problem_owner'));
@END@

-- Why a deal was disqualified (core/engage.c's reasons) and the note.
ALTER TABLE deals ADD COLUMN disqualified_reason TEXT;
ALTER TABLE deals ADD COLUMN disqualified_note TEXT;
-- report disqualified: the disqualified deals by the day they closed.
CREATE INDEX deals_disqualified ON deals (org_id, status, closed_at,
                                          disqualified_reason)
  WHERE status = 'disqualified';

-- The days a deal's wants may stay without any fit before the agenda puts
-- the deal forward for disqualification (core/agenda.c, "no_fit").
ALTER TABLE processes ADD COLUMN no_fit_days BIGINT NOT NULL DEFAULT 14;

-- The forecast learns from closed deals: a disqualified deal was never a
-- sale to win or lose, so like an open one it teaches nothing. Its last
-- stay is left by 'disqualified' (core/history.c); no such deal exists
-- before this migration, so report_learn keeps its sums.
DROP VIEW report_learn_v;
CREATE VIEW report_learn_v AS
SELECT DISTINCT s.org_id, s.deal_id, s.process_id, s.owner_id, s.step,
  CASE WHEN EXISTS (SELECT 1 FROM deal_steps w WHERE w.org_id = s.org_id
    AND w.deal_id = s.deal_id AND w.entered_by = 'won' AND w.left_at IS NULL)
    THEN 1 ELSE 0 END AS won
FROM deal_steps s
WHERE s.entered_by IN ('create', 'advance', 'force', 'reopen')
  AND NOT EXISTS (SELECT 1 FROM deal_steps o WHERE o.org_id = s.org_id
    AND o.deal_id = s.deal_id AND o.left_at IS NULL AND o.entered_by <> 'won')
  AND NOT EXISTS (SELECT 1 FROM deal_steps q WHERE q.org_id = s.org_id
    AND q.deal_id = s.deal_id AND q.left_by = 'disqualified'
    AND NOT EXISTS (SELECT 1 FROM deal_steps r WHERE r.org_id = q.org_id
      AND r.deal_id = q.deal_id AND r.event_id > q.event_id));
