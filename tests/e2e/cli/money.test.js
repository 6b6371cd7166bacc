// Amounts are bounded at 10,000,000,000.00 (docs/money.md): one more cent
// is refused, naming the field, on every way in (the CLI, a CSV import, a
// JSON restore); and an organisation full of deals at the bound still gets
// every report, with exact totals. Runs on SQLite and, in the PostgreSQL
// pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/money.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02T12:00:00Z';
const MAX = '10000000000';		// in the currency
const MAX_CENTS = 1000000000000;	// the same in cents
const OVER = '10000000000.01';
const REPORTS = ['pipeline', 'funnel', 'velocity', 'winrate', 'agreements',
  'discipline', 'followup', 'forecast'];

test('money is bounded and every report sums deals at the bound', async (t) => {
  const { dir, db } = freshDb('fulcrum-money');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (args, opts = {}) => fulcrum(db, args, { now: NOW, ...opts });
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  must(['account', 'add', 'Acme']);
  must(['contact', 'add', 'Bob', '--account', '1']);

  const OPEN = 8, WON = 3, LOST = 3;
  const add = (title) => must(['deal', 'add', title, '--account', '1',
    '--contact', '1', '--next', 'call', '--due', '2026-03-12', '--value', MAX,
    '--close', '2026-04-01']);
  for (let i = 1; i <= OPEN + WON + LOST; i++) add(`Deal ${i}`);
  for (let i = 1; i <= WON; i++) {
    must(['want', 'add', '--deal', String(i), '--kind', 'objective', 'a want, which a forced win needs (R3)']);
    must(['deal', 'win', String(i), '--force', '--reason', 'test']);
  }
  for (let i = WON + 1; i <= WON + LOST; i++) must(['deal', 'lose', String(i), '--reason', 'price']);
  must(['deal', 'advance', String(WON + LOST + 1), '--force', '--reason', 'test']);
  must(['log', 'call', '--deal', String(WON + LOST + 2), '--purpose', 'talk',
    '--agreed', 'send the offer', '--due', '2026-03-05']);

  await t.test('one cent over the bound is refused, naming the field', () => {
    for (const v of [OVER, '92233720368547758', '99999999999999999999999']) {
      const r = run(['deal', 'edit', '9', '--value', v]);
      assert.equal(r.code, 1, `${v}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /'value' must be at most 10000000000\.00/);
    }
    const r = run(['deal', 'add', 'Too big', '--account', '1', '--contact', '1',
      '--next', 'call', '--due', '2026-03-12', '--value', OVER]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /'value' must be at most/);
    const d = must(['deal', 'show', '9'], { json: true }).json();
    assert.equal(d.value, Number(MAX), 'nothing changed');
  });

  await t.test('every report answers with exact totals', () => {
    for (const name of REPORTS) {
      const r = run(['report', name], { json: true });
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      JSON.parse(r.stdout);
    }
    const bt = run(['report', 'forecast', '--backtest', '--at', '2026-03-02'], { json: true });
    assert.equal(bt.code, 0, bt.stderr);
    const pipe = must(['report', 'pipeline'], { json: true }).json();
    assert.equal(pipe.totals.deals, OPEN);
    assert.equal(pipe.totals.value_minor, OPEN * MAX_CENTS);
    const win = must(['report', 'winrate'], { json: true }).json();
    assert.equal(win.totals.won_minor, WON * MAX_CENTS);
    assert.equal(win.totals.lost_minor, LOST * MAX_CENTS);
    const fc = must(['report', 'forecast'], { json: true }).json();
    assert.equal(fc.totals.value_minor, OPEN * MAX_CENTS);
    const csv = run(['--csv', 'report', 'pipeline']);
    assert.equal(csv.code, 0, csv.stderr);
    const list = must(['pipeline'], { json: true });
    assert.ok(list.stdout.length > 0);
  });

  await t.test('a CSV import refuses the row over the bound', () => {
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, `title,account,value\nBig,Acme,${OVER}\nFine,Acme,"10,000,000,000.00"\n`);
    const r = run(['import', 'deals', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout + r.stderr, /imported 1\b/);
    const rej = fs.readFileSync(path.join(dir, 'deals.rejected.csv'), 'utf8');
    assert.match(rej, /Big,Acme,10000000000\.01,'value' must be at most 10000000000\.00/);
  });

  await t.test('a JSON restore refuses an amount over the bound', () => {
    const file = path.join(dir, 'backup.json');
    must(['export', 'json', file]);
    const b = JSON.parse(fs.readFileSync(file, 'utf8'));
    b.deals[0].value_minor = MAX_CENTS + 1;
    fs.writeFileSync(file, JSON.stringify(b));
    const target = freshDb('fulcrum-money-restore');
    t.after(() => fs.rmSync(target.dir, { recursive: true, force: true }));
    const r = fulcrum(target.db, ['import', 'json', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /deals row 1: 'value_minor' must be at most 10000000000\.00/);
  });
});
