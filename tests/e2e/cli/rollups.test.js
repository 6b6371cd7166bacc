// The report rollups (sql/005-report-aggregates.sql, sql/007-report-rollups.sql)
// stay equal to what they sum, recomputed from scratch with plain SQL, after
// the demo, after every kind of write through the CLI, and after plain SQL
// that updates and deletes many rows at once (as an import or a database
// administrator may); and the discipline and followup reports read from
// them give the numbers of their definitions in docs/reports.md. Runs on
// SQLite and, in the PostgreSQL pass, on PostgreSQL, where row triggers run
// at the end of their statement.
// Rerun alone: node --test tests/e2e/cli/rollups.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');

const NOW = '2026-03-02T12:00:00Z';
const TODAY = NOW.slice(0, 10);

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

// Whether some deal names a contact (sql/017-agenda-ranking.sql: contacts to
// engage are those without).
ROLLUPS.push(['contacts.has_deal',
  'SELECT id, has_deal FROM contacts',
  `SELECT c.id, CASE WHEN EXISTS (SELECT 1 FROM deals d WHERE d.org_id = c.org_id
       AND d.contact_id = c.id) THEN 1 ELSE 0 END FROM contacts c`]);

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
  for (const [table, kept, recomputed] of ROLLUPS) {
    const a = sorted(sqlRows(db, kept));
    const b = sorted(sqlRows(db, recomputed));
    assert.deepEqual(a, b, `${table} ${when}`);
  }
}

function checkDiscipline(db) {
  const rep = ok(db, ['report', 'discipline'], { json: true, now: NOW }).json();
  const [[open, covered]] = sqlRows(db, `SELECT COUNT(*), SUM(CASE WHEN EXISTS (
      SELECT 1 FROM next_steps ns WHERE ns.org_id = d.org_id AND ns.deal_id = d.id
        AND ns.status = 'open' AND ns.due >= '${TODAY}') THEN 1 ELSE 0 END)
    FROM deals d WHERE d.status = 'open'`);
  const [[overdue]] = sqlRows(db, `SELECT COUNT(*) FROM next_steps
    WHERE status = 'open' AND due < '${TODAY}'`);
  const [[n, planned]] = sqlRows(db, `SELECT COUNT(*),
    SUM(CASE WHEN planned <> 0 THEN 1 ELSE 0 END) FROM interactions`);
  assert.equal(rep.totals.open_deals, Number(open));
  assert.equal(rep.totals.covered, Number(covered || 0));
  assert.equal(rep.totals.overdue, Number(overdue));
  assert.equal(rep.totals.interactions, Number(n));
  assert.equal(rep.totals.planned, Number(planned || 0));
}

function checkFollowup(db) {
  const rep = ok(db, ['report', 'followup'], { json: true, now: NOW }).json();
  const [[won, checked, customers, refs]] = sqlRows(db, `SELECT COUNT(*),
    SUM(CASE WHEN EXISTS (SELECT 1 FROM checks c WHERE c.org_id = d.org_id
      AND c.deal_id = d.id AND c.done_at IS NOT NULL) THEN 1 ELSE 0 END),
    COUNT(DISTINCT d.account_id),
    SUM((SELECT COUNT(*) FROM referrals r WHERE r.org_id = d.org_id
      AND r.source_deal_id = d.id))
    FROM deals d WHERE d.status = 'won'`);
  const [[expansion]] = sqlRows(db, `WITH fw AS (SELECT d.account_id,
      MIN(d.closed_at) AS first_won FROM deals d WHERE d.status = 'won'
      GROUP BY d.account_id)
    SELECT COUNT(x.id) FROM fw JOIN deals x ON x.account_id = fw.account_id
      AND x.created_at > fw.first_won`);
  assert.equal(rep.totals.won, Number(won));
  assert.equal(rep.totals.checked, Number(checked || 0));
  assert.equal(rep.totals.customers, Number(customers));
  assert.equal(rep.totals.referrals, Number(refs || 0));
  assert.equal(rep.totals.expansion_deals, Number(expansion));
}

test('rollups equal what they sum after every kind of write', () => {
  const { db } = freshDb('rollups');
  ok(db, ['--quiet', 'demo', '--seed', '11', '--deals', '80'], { now: NOW });
  checkRollups(db, 'after the demo');
  checkDiscipline(db);
  checkFollowup(db);

  // Writes through the services.
  const open = ok(db, ['deal', 'list', '--status', 'open'], { json: true, now: NOW })
    .json();
  const won = ok(db, ['deal', 'list', '--status', 'won'], { json: true, now: NOW })
    .json();
  assert.ok(open.length >= 6 && won.length >= 2, 'the demo has open and won deals');
  const [d1, d2, d3, d4, d5] = open;
  const later = '2026-03-04T10:00:00Z';
  ok(db, ['log', 'call', '--deal', String(d1.id), '--planned', '--agreed', 'demo',
    '--due', '2026-03-20'], { now: later });
  ok(db, ['log', 'email', '--deal', String(d2.id), '--no-agreement'], { now: later });
  ok(db, ['next', 'done', String(d3.id)], { now: later });
  ok(db, ['next', String(d4.id), '--what', 'send terms', '--due', '2026-03-05'], { now: later });
  ok(db, ['deal', 'edit', String(d1.id), '--owner', 'rep2@demo.test', '--value', '123456'],
    { now: later });
  ok(db, ['deal', 'win', String(d5.id), '--force', '--reason', 'signed'], { now: later });
  // d5 was just won: its satisfaction check is still to record (one a delivery)
  ok(db, ['check', String(d5.id), '--score', '5'], { now: later });
  ok(db, ['deal', 'lose', String(d2.id), '--reason', 'budget'], { now: later });
  ok(db, ['deal', 'reopen', String(d2.id)], { now: later });
  ok(db, ['deal', 'edit', String(won[1].id), '--owner', 'rep3@demo.test'], { now: later });
  const [[from, to]] = sqlRows(db, 'SELECT MIN(id), MAX(id) FROM contacts');
  ok(db, ['referral', 'add', '--from', from, '--contact', to, '--deal', String(d3.id),
    '--source-deal', String(won[1].id)], { now: later });
  checkRollups(db, 'after writes through the CLI');

  // Plain SQL: many rows per statement, updated and deleted.
  for (const q of [
    "UPDATE interactions SET at = '2025-12-31T09:00:00Z', planned = 1 - planned WHERE id % 3 = 0",
    'UPDATE interactions SET owner_id = (SELECT MIN(id) FROM users) WHERE id % 5 = 1',
    'DELETE FROM interactions WHERE id % 7 = 0',
    "UPDATE next_steps SET due = '2026-06-30' WHERE id % 4 = 0",
    "UPDATE next_steps SET status = 'missed' WHERE id % 6 = 1 AND status = 'open'",
    'DELETE FROM next_steps WHERE id % 9 = 2',
    'UPDATE checks SET score = NULL WHERE id % 2 = 0',
    'DELETE FROM checks WHERE id % 5 = 3',
    'UPDATE referrals SET source_deal_id = NULL WHERE id % 2 = 1',
    "UPDATE deals SET value_cents = value_cents + 100, closed_at = '2026-01-15T08:00:00Z' WHERE status = 'won' AND id % 3 = 0",
    "UPDATE deals SET owner_id = (SELECT MAX(id) FROM users WHERE role = 'rep') WHERE id % 4 = 0",
    "UPDATE deals SET close_date = NULL, lost_reason = 'moved' WHERE id % 5 = 2",
    "UPDATE deals SET step = 'present', close_date = '2026-05-31' WHERE status = 'open' AND id % 6 = 3",
    "UPDATE deals SET value_cents = value_cents * 3 + 5000000 WHERE status = 'open' AND id % 4 = 1",
    "UPDATE deals SET status = 'lost' WHERE status = 'open' AND id % 8 = 5",
    "UPDATE next_steps SET status = 'open' WHERE status = 'done' AND id % 11 = 4",
    "UPDATE steps SET probability = probability + 17 WHERE key = 'present'",
    'UPDATE deals SET contact_id = (SELECT MAX(id) FROM contacts) WHERE id % 10 = 7',

  ]) {
    sqlRows(db, q);
    checkRollups(db, `after ${q}`);
  }
  checkDiscipline(db);
  checkFollowup(db);
});
