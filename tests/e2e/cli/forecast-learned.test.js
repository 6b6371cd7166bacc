// The learned forecast on a small history made with the CLI, its numbers
// worked out by hand below from the formulas of docs/reports.md ("The
// learned model"), and the proof that a backtest uses nothing after its
// date: history changed after it (wins, losses, new deals, moves) gives
// exactly the same forecast. SQLite and, in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/forecast-learned.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const TODAY = '2026-06-15T12:00:00Z';
const AT = '2026-04-01';

// Five deals in engage (fixed 5%), each worth USD 1,000.00, all of one
// owner, closing (by their close date) in June:
//   D1 added 01-05, won 02-10     D2 added 01-05, lost 02-15
//   D3 added 01-05, won 03-10     D4 added 02-20, won 05-05 (after AT)
//   D5 added 03-20, still open
function build(db) {
  const at = (day, args) => ok(db, args, { now: `${day}T10:00:00Z` });
  at('2026-01-01', ['init', '--org', 'acme', '--admin-email', 'a@acme.test',
    '--admin-name', 'Ada']);
  at('2026-01-01', ['account', 'add', 'Globex']);
  at('2026-01-01', ['contact', 'add', 'Hank', '--account', '1']);
  const add = (day, title) => at(day, ['deal', 'add', title, '--account', '1',
    '--contact', '1', '--value', '1000', '--close', '2026-06-30', '--next',
    'call them', '--due', day]);
  const win = (day, id) => {
    at(day, ['want', 'add', 'fewer late orders', '--kind', 'objective', '--deal', String(id)]);
    at(day, ['deal', 'win', String(id), '--force', '--reason', 'signed']);
  };
  add('2026-01-05', 'D1');
  add('2026-01-05', 'D2');
  add('2026-01-05', 'D3');
  win('2026-02-10', 1);
  at('2026-02-15', ['deal', 'lose', '2', '--reason', 'price']);
  add('2026-02-20', 'D4');
  win('2026-03-10', 3);
  add('2026-03-20', 'D5');
  win('2026-05-05', 4);
}

const backtest = (db) => ok(db, ['report', 'forecast', '--backtest', '--at', AT],
  { json: true, now: TODAY }).json();

test('the learned forecast of a small history, number by number', async (t) => {
  const { dir, db } = freshDb('forecast-learned');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  build(db);
  const bt = backtest(db);
  // Snapshots on the 1st of each month before AT. 02-01: D1, D2, D3 in
  // engage aged 27 days (band 14-30): D1 won in month 0, D2 lost in month
  // 0, D3 won in month 1; history seen to month 2. 03-01: D3 aged 55 (band
  // 30-60) won in month 0, D4 aged 9 (band 7-14) open: seen to month 1.
  // Team (all steps) per month ahead: k=0 at risk 5, won 2, lost 1; k=1 at
  // risk 1, won 1. Engage's: the same, shrunk to the team's (k = 10):
  // won (2 + 10*2/5)/15 = 2/5, lost 1/5 at k=0; won 1 at k=1.
  // Bands, shrunk to the step's, at k=0: 7-14: won 4/11, lost 2/11;
  // 14-30: won 5/13, lost 3/13; 30-60: won 5/11, lost 2/11. At k=1: won 1.
  // The owner's effect: 3 wins seen over 3*5/13 + 1 + 5/11 + 4/11 =
  // 425/143 expected: f = (3 + 10) / (425/143 + 10) = 1859/1855.
  // On AT: D4 aged 40 (band 30-60), D5 aged 12 (band 7-14).
  //   D4: April 5f/11, May 1 - 5f/11 - 2/11;  D5: April 4f/11, May 1 - 4f/11 - 2/11
  // Engage was seen 5 times: the model's weight 5/15 = 1/3, the fixed
  // forecast's (5% in June) 2/3.
  const f = 1859 / 1855;
  const april = 100000 / 3 * (9 * f / 11);
  const may = 100000 / 3 * (2 - 9 * f / 11 - 4 / 11);
  const june = 2 * 100000 * (2 / 3) * 0.05;
  const rows = Object.fromEntries(bt.rows.map((r) => [r.month, r]));
  assert.deepEqual(bt.rows.map((r) => r.month), ['2026-04', '2026-05', '2026-06']);
  assert.equal(rows['2026-04'].expected_learned_minor, Math.round(april));	// 27332
  assert.equal(rows['2026-05'].expected_learned_minor, Math.round(may));	// 27273
  assert.equal(rows['2026-06'].expected_learned_minor, Math.round(june));	// 6667
  assert.equal(rows['2026-06'].expected_fixed_minor, 10000);
  assert.equal(rows['2026-06'].deals, 2);
  assert.equal(rows['2026-05'].actual_won_minor, 100000);
  assert.equal(rows['2026-04'].actual_won_minor, 0);
  // per month: fixed errors 0, -100000, 10000; learned the rounded ones
  const el = [Math.round(april), Math.round(may) - 100000, Math.round(june)];
  assert.deepEqual(bt.rows.map((r) => r.error_learned_minor), el);
  assert.equal(bt.totals.months_compared, 3);
  assert.equal(bt.totals.mae_fixed_minor, Math.round(110000 / 3));
  assert.equal(bt.totals.mae_learned_minor,
    Math.round(el.reduce((s, e) => s + Math.abs(e), 0) / 3));
  assert.equal(bt.totals.total_error_fixed_minor, -90000);
  assert.equal(bt.totals.total_error_learned_minor, el[0] + el[1] + el[2]);
  // won by today (June): fixed 5% each (June is scored); learned
  // 1/3 * (April + May) + 2/3 * 5% = 1/3 * 9/11 + 1/30 = 101/330 each
  // (April and May add up to 1 - 2/11, the chance of a loss in April).
  // D4 won.
  const pl = 101 / 330;
  assert.ok(Math.abs(bt.totals.brier_fixed - (0.95 ** 2 + 0.05 ** 2) / 2) < 1e-12);
  assert.ok(Math.abs(bt.totals.brier_learned - ((1 - pl) ** 2 + pl ** 2) / 2) < 1e-12);
  const cal = (model, from) => bt.calibration.find((c) => c.model === model
    && Math.abs(c.band_from - from) < 1e-9);
  assert.deepEqual([cal('fixed', 0).deals, cal('fixed', 0).won], [2, 1]);
  assert.deepEqual([cal('learned', 0.3).deals, cal('learned', 0.3).won], [2, 1]);
  assert.ok(Math.abs(cal('learned', 0.3).predicted - pl) < 1e-12);
  assert.equal(cal('learned', 0.3).observed, 0.5);
  assert.equal(bt.calibration.filter((c) => c.deals > 0).length, 2);
  const engage = bt.probabilities.find((p) => p.step === 'engage');
  assert.deepEqual([engage.seen, engage.won, engage.lost], [5, 3, 1]);
  assert.equal(bt.backtests.length, 1);
  assert.equal(bt.backtests[0].at, AT);
  assert.equal(bt.backtests[0].mae_learned_minor, bt.totals.mae_learned_minor);
});

// Everything a backtest forecasts, without what happened afterwards.
function forecast(bt) {
  return {
    rows: bt.rows.map(({ at, month, deals, value_minor, expected_fixed_minor,
      expected_learned_minor }) => ({ at, month, deals, value_minor,
      expected_fixed_minor, expected_learned_minor })),
    probabilities: bt.probabilities,
    expected: [bt.totals.deals, bt.totals.value_minor,
      bt.totals.expected_fixed_minor, bt.totals.expected_learned_minor],
  };
}

test('a backtest uses nothing after its date', async (t) => {
  const { dir, db } = freshDb('forecast-no-look-ahead');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  build(db);
  const before = backtest(db);
  const at = (day, args) => ok(db, args, { now: `${day}T10:00:00Z` });
  // after AT: D5 moves on and is won, D4 is reopened and lost, new deals
  // come and go, D1's customer is lost too
  at('2026-04-02', ['deal', 'advance', '5', '--force', '--reason', 'met']);
  at('2026-04-03', ['deal', 'add', 'D6', '--account', '1', '--contact', '1',
    '--value', '5000', '--close', '2026-05-31', '--next', 'call', '--due', '2026-04-04']);
  at('2026-04-10', ['want', 'add', 'speed', '--kind', 'objective', '--deal', '5']);
  at('2026-04-10', ['deal', 'win', '5', '--force', '--reason', 'signed']);
  at('2026-05-20', ['deal', 'reopen', '4']);
  at('2026-05-21', ['deal', 'lose', '4', '--reason', 'price']);
  at('2026-05-22', ['deal', 'lose', '6', '--reason', 'timing']);
  at('2026-06-01', ['deal', 'reopen', '1']);
  at('2026-06-02', ['deal', 'lose', '1', '--reason', 'price']);
  const after = backtest(db);
  assert.notDeepEqual(after.rows.map((r) => r.actual_won_minor),
    before.rows.map((r) => r.actual_won_minor), 'what happened did change');
  assert.deepEqual(forecast(after), forecast(before));
  // and at several dates, each its own forecast
  const several = ok(db, ['report', 'forecast', '--backtest', '--every', 'month',
    '--from', '2026-02-01', '--to', '2026-04-01'], { json: true, now: TODAY }).json();
  assert.deepEqual(several.backtests.map((b) => b.at), ['2026-02-01', '2026-03-01', AT]);
  const last = forecast({ ...several, rows: several.rows.filter((r) => r.at === AT) });
  assert.deepEqual([last.rows, last.probabilities],
    [forecast(before).rows, forecast(before).probabilities]);
});
