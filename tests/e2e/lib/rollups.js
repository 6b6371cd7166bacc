// The report rollups (sql/005-report-aggregates.sql, sql/007-report-rollups.sql,
// sql/040-followup-first-wins.sql, sql/043-report-money.sql,
// sql/046-promises-to-sweep.sql)
// against what they sum, recomputed from scratch with plain SQL: for the
// black-box tests of every kind of write (rollups.test.js, imports).
'use strict';

const assert = require('node:assert/strict');
const { sqlRows } = require('./sql.js');

// [rollup, its rows whose sums are not all 0, the same recomputed]
const ROLLUPS = [
  ['report_interactions',
    `SELECT org_id, day, owner_id, process_id, interactions, agreements, planned
     FROM report_interactions
     WHERE interactions <> 0 OR agreements <> 0 OR planned <> 0`,
    `SELECT i.org_id, substr(i.at, 1, 10), i.owner_id, COALESCE(d.process_id, 0),
       COUNT(*), SUM(CASE WHEN i.agreement <> 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN i.planned <> 0 THEN 1 ELSE 0 END)
     FROM interactions i LEFT JOIN deals d ON d.org_id = i.org_id AND d.id = i.deal_id
     GROUP BY i.org_id, substr(i.at, 1, 10), i.owner_id, COALESCE(d.process_id, 0)`],
  ['report_open_steps',
    'SELECT org_id, owner_id, process_id, due_day, steps FROM report_open_steps WHERE steps <> 0',
    `SELECT ns.org_id, ns.owner_id, COALESCE(d.process_id, 0), substr(ns.due, 1, 10), COUNT(*)
     FROM next_steps ns LEFT JOIN deals d ON d.org_id = ns.org_id AND d.id = ns.deal_id
     WHERE ns.status = 'open'
     GROUP BY ns.org_id, ns.owner_id, COALESCE(d.process_id, 0), substr(ns.due, 1, 10)`],
  ['report_coverage',
    'SELECT org_id, owner_id, process_id, due_day, deals FROM report_coverage WHERE deals <> 0',
    `SELECT d.org_id, d.owner_id, d.process_id,
       COALESCE((SELECT substr(MAX(ns.due), 1, 10) FROM next_steps ns
         WHERE ns.org_id = d.org_id AND ns.deal_id = d.id AND ns.status = 'open'), ''),
       COUNT(*)
     FROM deals d WHERE d.status = 'open' GROUP BY 1, 2, 3, 4`],
  ['report_open_deals',
    `SELECT org_id, owner_id, process_id, step, close_day, deals, value_cents
     FROM report_open_deals WHERE deals <> 0 OR value_cents <> 0`,
    `SELECT org_id, owner_id, process_id, step, COALESCE(close_date, ''), COUNT(*),
       SUM(value_cents)
     FROM deals WHERE status = 'open' GROUP BY 1, 2, 3, 4, 5`],
  ['report_closed_deals',
    `SELECT org_id, day, owner_id, process_id, status, lost_reason, deals, value_cents
     FROM report_closed_deals WHERE deals <> 0 OR value_cents <> 0`,
    `SELECT org_id, COALESCE(substr(closed_at, 1, 10), ''), owner_id, process_id,
       status, COALESCE(lost_reason, ''), COUNT(*), SUM(value_cents)
     FROM deals WHERE status IN ('won', 'lost') GROUP BY 1, 2, 3, 4, 5, 6`],
  ['report_wins',
    `SELECT org_id, day, owner_id, process_id, won, checked, scored, score_sum,
       referrals, referred, referred_cents FROM report_wins WHERE won <> 0`,
    `SELECT x.org_id, x.day, x.owner_id, x.process_id, COUNT(*),
       SUM(CASE WHEN x.done > 0 THEN 1 ELSE 0 END), SUM(x.scored),
       SUM(x.score_sum), SUM(x.refs),
       SUM(CASE WHEN x.referred THEN 1 ELSE 0 END),
       SUM(CASE WHEN x.referred THEN x.value_cents ELSE 0 END)
     FROM (SELECT d.org_id, COALESCE(substr(d.closed_at, 1, 10), '') AS day,
             d.owner_id, d.process_id, d.value_cents,
             (SELECT COUNT(*) FROM checks c WHERE c.org_id = d.org_id
                AND c.deal_id = d.id AND c.done_at IS NOT NULL) AS done,
             (SELECT COUNT(c.score) FROM checks c WHERE c.org_id = d.org_id
                AND c.deal_id = d.id AND c.done_at IS NOT NULL) AS scored,
             (SELECT COALESCE(SUM(c.score), 0) FROM checks c WHERE c.org_id = d.org_id
                AND c.deal_id = d.id AND c.done_at IS NOT NULL) AS score_sum,
             (SELECT COUNT(*) FROM referrals r WHERE r.org_id = d.org_id
                AND r.source_deal_id = d.id) AS refs,
             (d.source_referral_id IS NOT NULL OR EXISTS (SELECT 1 FROM referrals r
                WHERE r.org_id = d.org_id AND r.deal_id = d.id)) AS referred
           FROM deals d WHERE d.status = 'won') x
     GROUP BY 1, 2, 3, 4`],
];

// The next steps' deal points the agenda ranks promises by
// (sql/017-agenda-ranking.sql): set for open next steps of open deals.
ROLLUPS.push(['next_steps.deal_points',
  'SELECT id, deal_points FROM next_steps WHERE deal_points IS NOT NULL',
  `SELECT ns.id, CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
       THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END
     FROM next_steps ns JOIN deals d ON d.org_id = ns.org_id AND d.id = ns.deal_id
     JOIN steps s ON s.org_id = d.org_id AND s.process_id = d.process_id
       AND s.key = d.step
     WHERE ns.status = 'open' AND d.status = 'open'`]);

// The open deals' rank columns (sql/041-agenda-open-rank.sql): set for open
// deals on a step of their process, NULL for every other deal.
ROLLUPS.push(['deals.open_points, deals.open_weight',
  `SELECT id, open_points, open_weight FROM deals
     WHERE open_points IS NOT NULL OR open_weight IS NOT NULL`,
  `SELECT d.id, CASE WHEN d.value_cents / 100 * s.probability / 100 / 1000 > 99
       THEN 99 ELSE d.value_cents / 100 * s.probability / 100 / 1000 END,
       d.value_cents * s.probability
     FROM deals d JOIN steps s ON s.org_id = d.org_id
       AND s.process_id = d.process_id AND s.key = d.step
     WHERE d.status = 'open'`]);

// The day an open deal stalls (sql/045-agenda-rank-columns.sql): the day
// number of the day it entered its step plus the step's stall_days, set for
// open deals on a step of their process, NULL for every other deal. The day
// number is the engine's own date arithmetic, so the recomputation is given
// per engine.
ROLLUPS.push(['deals.stall_day',
  'SELECT id, stall_day FROM deals WHERE stall_day IS NOT NULL',
  (pg) => `SELECT d.id, ${pg
    ? "(CAST(substr(d.step_entered_at, 1, 10) AS DATE) - DATE '1970-01-01')"
    : 'CAST(julianday(substr(d.step_entered_at, 1, 10)) - 2440587.5 AS INTEGER)'}
       + s.stall_days
     FROM deals d JOIN steps s ON s.org_id = d.org_id
       AND s.process_id = d.process_id AND s.key = d.step
     WHERE d.status = 'open'`]);

// Whether a check scored at or below 2 is still unanswered by an interaction
// on its deal at or after it was done (sql/045-agenda-rank-columns.sql).
ROLLUPS.push(['checks.unanswered',
  'SELECT id FROM checks WHERE unanswered = 1',
  `SELECT c.id FROM checks c WHERE c.score <= 2 AND c.done_at IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.org_id = c.org_id
       AND i.deal_id = c.deal_id AND i.at >= c.done_at)`]);

// Whether a deal has wants and not one fit (sql/051-agenda-unfit-agreements.sql:
// the agenda's "no fit" candidates).
ROLLUPS.push(['deals.wants_unfit',
  'SELECT id FROM deals WHERE wants_unfit = 1',
  `SELECT d.id FROM deals d WHERE EXISTS (SELECT 1 FROM wants w
       WHERE w.org_id = d.org_id AND w.deal_id = d.id)
     AND NOT EXISTS (SELECT 1 FROM fits f WHERE f.org_id = d.org_id
       AND f.deal_id = d.id)`]);

// Whether some deal names a contact (sql/017-agenda-ranking.sql: contacts to
// engage are those without).
ROLLUPS.push(['contacts.has_deal',
  'SELECT id, has_deal FROM contacts',
  `SELECT c.id, CASE WHEN EXISTS (SELECT 1 FROM deals d WHERE d.org_id = c.org_id
       AND d.contact_id = c.id) THEN 1 ELSE 0 END FROM contacts c`]);

// The follow-up's first wins (sql/040-followup-first-wins.sql): each won
// deal with the day of the previous win of its account by its owner and by
// anyone ('' for none, '-' for one without a close time; close time first,
// unknown last, then id), and the deals of the account created after it was
// won. Recomputed here with correlated subqueries, not the window functions
// the triggers use.
const PRECEDES = `(CASE WHEN p.closed_at IS NULL THEN 1 ELSE 0 END <
      CASE WHEN d.closed_at IS NULL THEN 1 ELSE 0 END
    OR (p.closed_at IS NULL AND d.closed_at IS NULL AND p.id < d.id)
    OR (p.closed_at < d.closed_at)
    OR (p.closed_at = d.closed_at AND p.id < d.id))`;
const PREV_ORDER = `ORDER BY CASE WHEN p.closed_at IS NULL THEN 1 ELSE 0 END DESC,
    p.closed_at DESC, p.id DESC LIMIT 1`;
const ACCOUNT_WINS = `SELECT d.org_id AS org_id, d.id AS deal_id,
    d.account_id AS account_id, d.owner_id AS owner_id,
    COALESCE(substr(d.closed_at, 1, 10), '') AS day,
    COALESCE((SELECT COALESCE(substr(p.closed_at, 1, 10), '-') FROM deals p
      WHERE p.org_id = d.org_id AND p.account_id = d.account_id
        AND p.owner_id = d.owner_id AND p.status = 'won' AND ${PRECEDES}
      ${PREV_ORDER}), '') AS owner_prev,
    COALESCE((SELECT COALESCE(substr(p.closed_at, 1, 10), '-') FROM deals p
      WHERE p.org_id = d.org_id AND p.account_id = d.account_id
        AND p.status = 'won' AND ${PRECEDES}
      ${PREV_ORDER}), '') AS account_prev,
    (SELECT COUNT(*) FROM deals x WHERE x.org_id = d.org_id
      AND x.account_id = d.account_id AND x.created_at > d.closed_at) AS later
  FROM deals d WHERE d.status = 'won'`;
ROLLUPS.push(['report_account_wins',
  `SELECT org_id, deal_id, account_id, owner_id, day, owner_prev, account_prev,
     later FROM report_account_wins`,
  ACCOUNT_WINS]);
ROLLUPS.push(['report_first_wins',
  `SELECT org_id, day, owner_id, owner_prev, account_prev, wins, later
   FROM report_first_wins WHERE wins <> 0 OR later <> 0`,
  `SELECT org_id, day, owner_id, owner_prev, account_prev, COUNT(*), SUM(later)
   FROM (${ACCOUNT_WINS}) w GROUP BY 1, 2, 3, 4, 5`]);

// The money of the pipeline and the win rate (sql/043-report-money.sql):
// the deals summed per owner, process, step, status, lost reason, currency,
// day and rate day.
ROLLUPS.push(['report_deal_money',
  `SELECT org_id, status, owner_id, process_id, step, lost_reason, currency,
     day, rate_day, deals, value_cents FROM report_deal_money
   WHERE deals <> 0 OR value_cents <> 0`,
  `SELECT org_id, status, owner_id, process_id, step, lost_reason, currency,
     day, rate_day, COUNT(*), SUM(value_cents)
   FROM (SELECT org_id, status, owner_id, process_id, value_cents, currency,
       CASE WHEN status = 'open' THEN step ELSE '' END AS step,
       CASE WHEN status = 'open' THEN '' ELSE COALESCE(lost_reason, '') END
         AS lost_reason,
       CASE WHEN status = 'open' THEN COALESCE(close_date, '')
         ELSE COALESCE(substr(closed_at, 1, 10), '') END AS day,
       CASE WHEN status = 'open' THEN COALESCE(close_date, '')
         WHEN closed_at IS NOT NULL THEN substr(closed_at, 1, 10)
         ELSE COALESCE(close_date, '') END AS rate_day
     FROM deals WHERE status IN ('open', 'won', 'lost')) m
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`]);

// The promises the sweep has yet to look at (sql/046-promises-to-sweep.sql):
// each open next step of a deal at its due day, unless a missed promise
// records it on that day.
ROLLUPS.push(['promises_to_sweep',
  'SELECT org_id, due, next_step_id FROM promises_to_sweep',
  `SELECT ns.org_id, ns.due, ns.id FROM next_steps ns
   WHERE ns.status = 'open' AND ns.deal_id IS NOT NULL
     AND ns.id NOT IN (SELECT mp.next_step_id FROM missed_promises mp
       WHERE mp.org_id = ns.org_id AND mp.due = ns.due)`]);

// The rollups core/history.c keeps by subtracting and adding a deal's
// contributions, against their views summed from scratch.
for (const [table, view, keys, sums] of [
  ['report_entries', 'report_entry_v', 'org_id, day, owner_id, process_id, step, prev_day',
    [['entered', 'COUNT(*)'], ['advanced', 'SUM(advanced)'], ['lost', 'SUM(lost)'],
      ['won', 'SUM(won)']]],
  ['report_starts', 'report_start_v', 'org_id, day, owner_id, process_id, prev_day',
    [['deals', 'COUNT(*)'], ['won', 'SUM(won)']]],
  ['report_stays', 'report_stay_v', 'org_id, day, owner_id, process_id, step, hours',
    [['n', 'COUNT(*)']]],
  ['report_cycles', 'report_cycle_v', 'org_id, day, owner_id, process_id, status, hours',
    [['n', 'COUNT(*)']]],
  ['report_learn', 'report_learn_v', 'org_id, owner_id, process_id, step',
    [['closed', 'COUNT(*)'], ['won', 'SUM(won)']]],
  ['report_closings', 'report_closing_v',
    'org_id, day, until_day, owner_id, process_id, step',
    [['closed', 'COUNT(*)'], ['won', 'SUM(won)']]],
]) {
  const cols = sums.map(([c]) => c);
  ROLLUPS.push([table,
    `SELECT ${keys}, ${cols.join(', ')} FROM ${table}
     WHERE ${cols.map((c) => `${c} <> 0`).join(' OR ')}`,
    `SELECT ${keys}, ${sums.map(([, e]) => e).join(', ')} FROM ${view} GROUP BY ${keys}`]);
}

function sorted(rows) {
  return rows.map((r) => r.join('|')).sort();
}

function checkRollups(db, when) {
  const pg = /^postgres(ql)?:\/\//.test(db);
  for (const [table, kept, recomputed] of ROLLUPS) {
    const a = sorted(sqlRows(db, kept));
    const b = sorted(sqlRows(db, typeof recomputed === 'function'
      ? recomputed(pg) : recomputed));
    assert.deepEqual(a, b, `${table} ${when}`);
  }
}

module.exports = { checkRollups, ROLLUPS };
