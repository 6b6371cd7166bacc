// The learned forecast beats the fixed one: on the demo and on a realistic
// import (tests/fixtures/forecast-import, through the real import path) the
// learned backtest's mean absolute error per month is at most 0.7 times the
// fixed one's at each of the dates docs/reports.md gives, and over all its
// months; its calibration table is printed. The data are deterministic, so
// this is a property of them, not of timing. SQLite and, in the PostgreSQL
// pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/forecast-backtest.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb, ROOT } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const NOW = '2026-12-01T12:00:00Z';
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'forecast-import');

function check(t, db, dates, every) {
  const run = (args) => ok(db, ['report', 'forecast', '--backtest', ...args],
    { json: true, now: NOW }).json();
  const bt = run(dates.flatMap((d) => ['--at', d]));
  assert.deepEqual(bt.backtests.map((b) => b.at), dates);
  for (const b of bt.backtests) {
    t.diagnostic(`${b.at}: MAE fixed ${b.mae_fixed_minor}, learned ${b.mae_learned_minor}`
      + ` (${(b.mae_learned_minor / b.mae_fixed_minor).toFixed(2)}),`
      + ` Brier ${b.brier_fixed.toFixed(3)} / ${b.brier_learned.toFixed(3)}`);
    assert.ok(b.months_compared > 0);
    assert.ok(b.mae_learned_minor <= 0.7 * b.mae_fixed_minor,
      `${b.at}: learned ${b.mae_learned_minor} > 0.7 x fixed ${b.mae_fixed_minor}`);
    assert.ok(b.brier_learned < b.brier_fixed, `${b.at}: Brier`);
  }
  const all = run(['--every', 'month', '--from', every[0], '--to', every[1]]);
  assert.ok(all.totals.mae_learned_minor <= 0.7 * all.totals.mae_fixed_minor,
    `every month: ${all.totals.mae_learned_minor} vs ${all.totals.mae_fixed_minor}`);
  for (const c of all.calibration.filter((x) => x.deals > 0)) {
    t.diagnostic(`${c.model} ${c.band_from.toFixed(1)}-${c.band_to.toFixed(1)}: `
      + `${c.deals} deals, predicted ${c.predicted.toFixed(3)}, won ${c.observed.toFixed(3)}`);
  }
  // the calibration table counts every deal of every date once per model
  const n = (model) => all.calibration.filter((c) => c.model === model)
    .reduce((s, c) => s + c.deals, 0);
  assert.equal(n('fixed'), n('learned'));
  assert.ok(n('learned') > 0);
}

test('on the demo, the learned forecast beats the fixed one', async (t) => {
  const { dir, db } = freshDb('forecast-demo');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  ok(db, ['--quiet', 'demo', '--seed', '7', '--deals', '300'], { now: NOW });
  check(t, db, ['2026-04-01', '2026-06-01', '2026-09-01'], ['2026-02-01', '2026-10-01']);
});

test('on an imported history, the learned forecast beats the fixed one', async (t) => {
  const { dir, db } = freshDb('forecast-import');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const must = (args) => ok(db, args, { now: NOW });
  must(['init']);
  for (const [email, name] of [['dana@acme.test', 'Dana Whitfield'],
    ['jose@acme.test', 'Jose Nunez'], ['kim@acme.test', 'Kim Ostergaard'],
    ['lee@acme.test', 'Lee Park']]) {
    must(['user', 'add', '--email', email, '--name', name, '--role', 'rep']);
  }
  const stages = 'Prospecting=engage,Qualification=comfort,Needs Analysis=discover,'
    + 'Proposal=present,Negotiation=agree,Closed Won=won,Closed Lost=lost';
  const deals = must(['--json', 'import', 'deals', path.join(FIXTURE, 'opportunities.csv'),
    '--map', 'Opportunity ID=external_id,Opportunity Name=title,Account Name=account,'
    + 'Opportunity Owner=owner,Stage=stage,Amount=value,Created Date=created,'
    + 'Close Date=close_date', '--stage-map', stages]).json();
  assert.equal(deals.imported, 1500);
  const hist = must(['--json', 'import', 'history', path.join(FIXTURE, 'OpportunityHistory.csv'),
    '--preset', 'salesforce', '--stage-map', stages]).json();
  assert.equal(hist.rejected, 0);
  check(t, db, ['2025-07-01', '2025-09-01', '2025-11-01', '2026-03-01', '2026-05-01',
    '2026-07-01'], ['2025-06-01', '2026-10-01']);
});
