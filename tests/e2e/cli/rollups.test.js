// The report rollups (sql/005-report-aggregates.sql, sql/007-report-rollups.sql,
// sql/040-followup-first-wins.sql, sql/043-report-money.sql,
// sql/046-promises-to-sweep.sql) and the agenda's stored rank columns
// (sql/017, sql/041, sql/045) stay equal to what they sum, recomputed from
// scratch with plain SQL, after
// the demo, after every kind of write through the CLI (merges and their
// undo among them), and after plain SQL
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
const { checkRollups } = require('../lib/rollups.js');

const NOW = '2026-03-02T12:00:00Z';
const TODAY = NOW.slice(0, 10);

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

// A sweep a month on records exactly the promises missed by then that no
// row records yet (open promises of open deals past their grace days),
// whatever the writes did to the promises it reads (sql/046), and a second
// sweep records none.
function checkSweep(db) {
  const then = '2026-04-02T12:00:00Z';
  // missed when due before that day less the process's grace days
  const cutoff = sqlRows(db, 'SELECT id, grace_days FROM processes').map(([id, g]) => {
    const day = new Date(Date.parse('2026-04-02T00:00:00Z') - Number(g) * 86400000);
    return `WHEN ${id} THEN '${day.toISOString().slice(0, 10)}'`;
  }).join(' ');
  const missed = `SELECT ns.id, ns.due FROM next_steps ns
    JOIN deals d ON d.org_id = ns.org_id AND d.id = ns.deal_id
    WHERE ns.status = 'open' AND d.status = 'open'
      AND ns.due < CASE d.process_id ${cutoff} END`;
  const unrecorded = sqlRows(db, `${missed} AND NOT EXISTS (SELECT 1
    FROM missed_promises mp WHERE mp.org_id = ns.org_id
      AND mp.next_step_id = ns.id AND mp.due = ns.due)`);
  assert.ok(unrecorded.length > 0, 'the sweep has promises to record');
  const first = ok(db, ['promises', 'sweep'], { json: true, now: then }).json();
  assert.equal(first.recorded, unrecorded.length);
  assert.deepEqual(sqlRows(db, `${missed} AND NOT EXISTS (SELECT 1
    FROM missed_promises mp WHERE mp.org_id = ns.org_id
      AND mp.next_step_id = ns.id AND mp.due = ns.due)`), []);
  checkRollups(db, 'after a sweep');
  const again = ok(db, ['promises', 'sweep'], { json: true, now: then }).json();
  assert.equal(again.recorded, 0);
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

// Customers and expansion deals per owner and in all, by their definition
// (docs/reports.md, followup), for periods that start before, inside and
// after the wins (sql/040-followup-first-wins.sql reads each account's
// first win of the period), for the admin and for one rep.
function checkFollowupPeriods(db) {
  const [[rep1]] = sqlRows(db, "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1");
  for (const [from, to] of [[null, null], ['2025-09-01', '2026-03-01'],
    ['2026-01-15', '2026-01-15'], [null, '2025-12-31']]) {
    for (const as of [null, rep1]) {
      const args = ['report', 'followup'];
      if (from) args.push('--from', from);
      if (to) args.push('--to', to);
      const rep = ok(db, args, { json: true, now: NOW, as }).json();
      let w = "d.status = 'won'";
      if (from) w += ` AND d.closed_at >= '${from}'`;
      if (to) w += ` AND substr(d.closed_at, 1, 10) <= '${to}'`;
      if (as) w += ` AND d.owner_id = (SELECT id FROM users WHERE email = '${as}')`;
      const expansion = (by) => `SELECT ${by ? 'fw.owner_id' : 'NULL'},
          COUNT(*), COALESCE(SUM((SELECT COUNT(*) FROM deals x
            WHERE x.org_id = fw.org_id AND x.account_id = fw.account_id
              AND x.created_at > fw.first_won)), 0)
        FROM (SELECT ${by ? 'd.owner_id' : '0'} AS owner_id, d.org_id, d.account_id,
                MIN(d.closed_at) AS first_won
              FROM deals d WHERE ${w} GROUP BY 1, 2, 3) fw
        ${by ? 'GROUP BY fw.owner_id' : ''}`;
      const want = sqlRows(db, expansion(true)).map(([o, c, x]) =>
        `${o}|${c}|${x}`).sort();
      const got = rep.rows.map((r) => `${r.owner_id}|${r.customers}|${r.expansion_deals}`)
        .sort();
      const where = `followup ${from}..${to} as ${as || 'the admin'}`;
      assert.deepEqual(got, want, where);
      const [[, customers, expanded]] = sqlRows(db, expansion(false));
      assert.equal(rep.totals.customers, Number(customers), where);
      assert.equal(rep.totals.expansion_deals, Number(expanded), where);
    }
  }
}

// The pipeline's and the win rate's deals and money by their definition
// (docs/reports.md), read from sql/043-report-money.sql's rollup: the
// deals in the base currency only, as no other currency has a rate here
// (those are listed apart, not summed), over all time and two periods,
// for the admin and for one rep.
function checkMoney(db) {
  const [[rep1]] = sqlRows(db, "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1");
  const [[base]] = sqlRows(db, 'SELECT base_currency FROM orgs ORDER BY id LIMIT 1');
  for (const [from, to] of [[null, null], ['2025-09-01', '2026-03-01'],
    [null, '2026-01-15']]) {
    for (const as of [null, rep1]) {
      const period = [];
      if (from) period.push('--from', from);
      if (to) period.push('--to', to);
      let scope = `d.currency = '${base}'`;
      if (as) scope += ` AND d.owner_id = (SELECT id FROM users WHERE email = '${as}')`;
      let closed = `${scope} AND d.status IN ('won', 'lost')`;
      if (from) closed += ` AND d.closed_at >= '${from}'`;
      if (to) closed += ` AND substr(d.closed_at, 1, 10) <= '${to}'`;
      let open = `${scope} AND d.status = 'open'`;
      if (from) open += ` AND d.close_date >= '${from}'`;
      if (to) open += ` AND d.close_date <= '${to}'`;
      const win = ok(db, ['report', 'winrate', ...period], { json: true, now: NOW, as }).json();
      const [[wonMinor, lostMinor]] = sqlRows(db, `SELECT
        SUM(CASE WHEN d.status = 'won' THEN d.value_cents ELSE 0 END),
        SUM(CASE WHEN d.status = 'lost' THEN d.value_cents ELSE 0 END)
        FROM deals d WHERE ${closed}`);
      const what = `winrate ${from}..${to} as ${as}`;
      assert.equal(win.totals.won_minor, Number(wonMinor || 0), what);
      assert.equal(win.totals.lost_minor, Number(lostMinor || 0), what);
      const pipe = ok(db, ['report', 'pipeline', ...period], { json: true, now: NOW, as }).json();
      const [[deals, value]] = sqlRows(db, `SELECT COUNT(*), SUM(d.value_cents)
        FROM deals d WHERE ${open}`);
      assert.equal(pipe.totals.deals, Number(deals), `pipeline ${what}`);
      assert.equal(pipe.totals.value_minor, Number(value || 0), `pipeline ${what}`);
    }
  }
}

test('rollups equal what they sum after every kind of write', () => {
  const { db } = freshDb('rollups');
  ok(db, ['--quiet', 'demo', '--seed', '11', '--deals', '80'], { now: NOW });
  checkRollups(db, 'after the demo');
  checkDiscipline(db);
  checkFollowup(db);
  checkFollowupPeriods(db);
  checkMoney(db);

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
  // a forced win too needs the customer's wants (R3), whatever step the
  // demo left d5 in
  ok(db, ['want', 'add', '--deal', String(d5.id), '--kind', 'objective', 'faster books'], { now: later });
  ok(db, ['deal', 'win', String(d5.id), '--force', '--reason', 'signed'], { now: later });
  // d5 was just won: its satisfaction check is still to record (one a delivery)
  ok(db, ['check', String(d5.id), '--score', '5'], { now: later });
  ok(db, ['deal', 'lose', String(d2.id), '--reason', 'budget'], { now: later });
  ok(db, ['deal', 'reopen', String(d2.id)], { now: later });
  ok(db, ['deal', 'edit', String(won[1].id), '--owner', 'rep3@demo.test'], { now: later });
  // a referral is credited with a deal with the contact it introduced
  const [[from]] = sqlRows(db, 'SELECT MIN(id) FROM contacts');
  const referred = open.find((d) => !d.source_referral_id && String(d.contact_id) !== String(from));
  ok(db, ['referral', 'add', '--from', from, '--contact', String(referred.contact_id),
    '--deal', String(referred.id), '--source-deal', String(won[1].id)], { now: later });
  checkRollups(db, 'after writes through the CLI');

  // Merges move deals from one contact and one account to another, and an
  // undo moves them back.
  const [[c1, c2]] = sqlRows(db, 'SELECT MIN(contact_id), MAX(contact_id) FROM deals');
  ok(db, ['merge', 'contact', c1, c2], { now: later });
  checkRollups(db, 'after a merge of contacts');
  const [[a1, a2]] = sqlRows(db, 'SELECT MIN(account_id), MAX(account_id) FROM deals');
  const merged = ok(db, ['merge', 'account', a1, a2], { json: true, now: later }).json();
  checkRollups(db, 'after a merge of accounts');
  ok(db, ['merge', 'undo', String(merged.id)], { now: later });
  checkRollups(db, 'after the undo of a merge');

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
    // a deal on no step of its process has no rank columns (sql/041)
    "UPDATE deals SET step = 'nowhere' WHERE status = 'open' AND id % 9 = 4",
    'UPDATE deals SET contact_id = (SELECT MAX(id) FROM contacts) WHERE id % 10 = 7',
    // the follow-up's first wins: deals moved to another account, made
    // earlier, won on the same day as another, or without a close time
    'UPDATE deals SET account_id = (SELECT MIN(account_id) FROM deals) WHERE id % 6 = 5',
    "UPDATE deals SET created_at = '2025-06-01T00:00:00Z' WHERE id % 7 = 2",
    "UPDATE deals SET status = 'won', closed_at = '2026-01-15T08:00:00Z' WHERE status = 'lost' AND id % 3 = 1",
    "UPDATE deals SET closed_at = NULL WHERE status = 'won' AND id % 13 = 6",
    // the pipeline's and the win rate's money: another currency, and deals
    // disqualified, which neither counts
    "UPDATE deals SET currency = 'EUR' WHERE id % 5 = 4",
    "UPDATE deals SET status = 'disqualified', closed_at = '2026-02-01T08:00:00Z' WHERE status = 'open' AND id % 9 = 1",
    // the agenda's stall day and unanswered recoveries (sql/045): a step's
    // stall days, the day a deal entered its step, checks scored low or
    // done again, interactions moved to another deal
    "UPDATE steps SET stall_days = stall_days + 5 WHERE key = 'present'",
    "UPDATE deals SET step_entered_at = '2025-11-30T10:00:00Z' WHERE status = 'open' AND id % 4 = 2",
    "UPDATE checks SET score = 1 WHERE done_at IS NOT NULL AND id % 3 = 0",
    "UPDATE checks SET done_at = '2026-02-20T10:00:00Z', score = 2 WHERE id % 4 = 1",
    'UPDATE interactions SET deal_id = (SELECT MIN(id) FROM deals) WHERE deal_id IS NOT NULL AND id % 6 = 1',
    // the promises to sweep (sql/046): misses taken back, moved to
    // another day, and promises moved onto a day they were missed on
    'DELETE FROM missed_promises WHERE next_step_id % 3 = 0',
    "UPDATE missed_promises SET due = '2026-06-30' WHERE next_step_id % 3 = 1",
    "UPDATE next_steps SET due = (SELECT MIN(mp.due) FROM missed_promises mp WHERE mp.next_step_id = next_steps.id) WHERE id IN (SELECT next_step_id FROM missed_promises) AND id % 2 = 0",
    // the deals with wants and not one fit (sql/051): fits taken back or
    // moved, wants moved to another deal or taken back
    'DELETE FROM fits WHERE id % 3 = 0',
    'UPDATE fits SET deal_id = (SELECT MIN(w.deal_id) FROM wants w) WHERE id % 4 = 1',
    'UPDATE wants SET deal_id = (SELECT MAX(id) FROM deals) WHERE id % 5 = 2 AND NOT EXISTS (SELECT 1 FROM fits f WHERE f.want_id = wants.id)',
    'DELETE FROM wants WHERE id % 3 = 1 AND NOT EXISTS (SELECT 1 FROM fits f WHERE f.want_id = wants.id)',
    "INSERT INTO wants (org_id, deal_id, kind, text, created_at, updated_at) SELECT org_id, id, 'issue', 'slow books', '2026-03-04T10:00:00Z', '2026-03-04T10:00:00Z' FROM deals WHERE id % 7 = 3",

  ]) {
    sqlRows(db, q);
    checkRollups(db, `after ${q}`);
  }
  checkDiscipline(db);
  checkFollowup(db);
  checkFollowupPeriods(db);
  checkMoney(db);
  checkSweep(db);
});
