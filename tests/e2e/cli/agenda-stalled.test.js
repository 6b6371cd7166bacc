// The agenda's stalled deals are read in the order of the day each deal
// stalls (deals.stall_day, sql/045-agenda-rank-columns.sql) and the read stops
// once no later deal can enter the top `limit` (src/core/agenda.c,
// stalled()). Deals stalled from 2 to 90 days, of small and large value, so
// that value points reorder deals of different days and a limit cuts the
// read short: the agenda at every limit must be the head of the agenda at
// the largest, and its stalled items in the order of score, days, id.
// Run alone: node --test tests/e2e/cli/agenda-stalled.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');
const { checkRollups } = require('../lib/rollups.js');

const TODAY = '2026-03-02';
const REP = 'rita@acme.test';

function daysBefore(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

test('stalled deals: every limit gives the head of the full ranking', () => {
  const { db } = freshDb('agenda-stalled');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss'],
    { now: daysBefore(TODAY, 200) });
  ok(db, ['user', 'add', '--email', REP, '--name', 'Rita'], { now: daysBefore(TODAY, 200) });
  const as = REP;
  const acct = ok(db, ['account', 'add', 'Globex'], { as, now: daysBefore(TODAY, 200), json: true }).json();
  // [days before today the deal entered its step, value]: the longest
  // stalled are worth little, so deals stalled for fewer days but of more
  // value pass them, which a read stopped too early would miss; pairs on
  // the same day; values that give 0 to 99 value points
  const plan = [[130, 20000], [125, 30000], [120, 40000], [115, 50000], [110, 60000],
    [105, 70000], [100, 80000], [95, 90000], [70, 9000000], [60, 9000000], [50, 5000000],
    [45, 9000000], [40, 20000], [38, 2500000], [33, 9000000], [33, 40000], [30, 1200000],
    [28, 60000], [25, 9000000], [23, 300000], [21, 9000000], [20, 800000], [18, 50000],
    [17, 5000000], [16, 150000], [15, 9000000]];
  const ids = plan.map(([ago, value], i) => {
    const now = daysBefore(TODAY, ago);
    const who = ok(db, ['contact', 'add', `Person ${i}`, '--account', String(acct.id)],
      { as, now, json: true }).json().id;
    // a next step far ahead: no promise and no "no next step" item
    return ok(db, ['deal', 'add', `Deal ${i}`, '--account', String(acct.id), '--contact',
      String(who), '--value', String(value), '--next', 'Call', '--due', '2026-12-01'],
    { as, now, json: true }).json().id;
  });
  checkRollups(db, 'after the deals were added');

  const agenda = (limit) => ok(db, ['agenda', '--limit', String(limit), '--explain'],
    { as, now: TODAY, json: true }).json();
  const full = agenda(1000);
  const stalled = full.filter((i) => i.kind === 'stalled');
  assert.ok(stalled.length >= 15, `most deals are stalled (${stalled.length})`);
  assert.ok(new Set(stalled.map((i) => i.score)).size >= 8, 'scores differ');
  assert.ok(stalled.some((i) => i.explain.overdue_points === 120), 'some reach the cap');
  assert.ok(stalled.some((i) => i.explain.value_points === 99), 'some have 99 points');
  assert.ok(stalled.every((i) => ids.includes(i.deal_id)));
  for (let i = 1; i < stalled.length; i++) {
    const [a, b] = [stalled[i - 1], stalled[i]];
    assert.ok(a.score > b.score || (a.score === b.score && (a.explain.days > b.explain.days
      || (a.explain.days === b.explain.days && a.deal_id < b.deal_id))),
    `stalled items in rank order: ${a.deal_id} before ${b.deal_id}`);
  }
  for (const limit of [1, 2, 3, 5, 7, 10, 16]) {
    const head = agenda(limit);
    assert.deepEqual(head, full.slice(0, limit), `--limit ${limit}`);
  }
});
