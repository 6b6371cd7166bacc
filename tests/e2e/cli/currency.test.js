// Currencies (docs/money.md): deals in USD (the base), EUR and GBP (with
// rates) and JPY (without): every total of the pipeline, the win rate (won
// revenue) and the forecast equals the conversion computed by hand here,
// each at the deal's rate date; JPY is listed apart, never summed; the
// reports name the rates they used; a code that is not ISO 4217 is refused
// on every way in. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/currency.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02T12:00:00Z';
const ISO_RULE = /'currency' must be an ISO 4217 code such as USD or EUR, not 'XYZ'/;

// Whole units -> cents, for hand-computed amounts (exact: every product
// below is a whole number of cents).
const cents = (units) => Math.round(units * 100);

test('totals convert to the base currency at each deal\'s rate date', async (t) => {
  const { dir, db } = freshDb('fulcrum-currency');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (args, opts = {}) => fulcrum(db, args, { now: NOW, ...opts });
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  must(['account', 'add', 'Acme']);
  must(['contact', 'add', 'Bob', '--account', '1']);
  const add = (title, value, currency, close) => must(['deal', 'add', title,
    '--account', '1', '--contact', '1', '--next', 'call', '--due',
    '2026-03-12', '--value', String(value), '--currency', currency,
    '--close', close]);

  // rates: EUR changes on 2026-02-15; GBP has one; JPY none
  must(['rate', 'add', '--currency', 'EUR', '--date', '2026-01-01', '--rate', '1.10']);
  const file = path.join(dir, 'rates.csv');
  fs.writeFileSync(file, 'Currency,Date,Rate\nEUR,2026-02-15,1.2\ngbp,2026-01-01,1.25\n');
  assert.match(must(['import', 'rates', file]).stdout, /imported 2 rates/);

  // open deals
  add('US open', 1000, 'USD', '2026-04-01');		// 1000
  add('EU early', 2000, 'EUR', '2026-02-01');		// 2000 x 1.10 = 2200
  add('EU late', 3000, 'eur', '2026-05-01');		// 3000 x 1.2 = 3600
  add('UK open', 4000, 'GBP', '2026-04-01');		// 4000 x 1.25 = 5000
  add('JP open', 1000000, 'JPY', '2026-04-01');		// no rate: apart
  add('EU before rates', 100, 'EUR', '2025-12-01');	// before every EUR rate:
							// today's, 1.2 -> 120
  // closed deals (closed today, 2026-03-02)
  add('US won', 500, 'USD', '2026-04-01');		// 7: 500
  add('EU won', 1000, 'EUR', '2026-01-20');		// 8: closed 03-02: 1.2 -> 1200
  add('JP won', 50000, 'JPY', '2026-04-01');		// 9: apart
  add('UK lost', 800, 'GBP', '2026-04-01');		// 10: 1000
  for (const id of ['7', '8', '9']) {
    must(['want', 'add', '--deal', id, '--kind', 'objective', 'a want, which a forced win needs (R3)']);
    must(['deal', 'win', id, '--force', '--reason', 'test']);
  }
  must(['deal', 'lose', '10', '--reason', 'price']);

  const OPEN_CONVERTED = 5;
  const OPEN_VALUE = cents(1000 + 2200 + 3600 + 5000 + 120);
  const EUR_RATES = [{ currency: 'EUR', valid_from: '2026-01-01', rate: '1.1' },
    { currency: 'EUR', valid_from: '2026-02-15', rate: '1.2' }];
  const GBP_RATE = { currency: 'GBP', valid_from: '2026-01-01', rate: '1.25' };

  await t.test('the pipeline report', () => {
    const r = must(['report', 'pipeline'], { json: true }).json();
    assert.equal(r.currency, 'USD');
    assert.equal(r.totals.deals, OPEN_CONVERTED);
    assert.equal(r.totals.value_minor, OPEN_VALUE);
    assert.equal(r.totals.weighted_minor, OPEN_VALUE * 5 / 100, 'all at engage, 5%');
    assert.deepEqual(r.unconverted, [{ currency: 'JPY', deals: 1, value_minor: 1000000 }]);
    assert.deepEqual(r.rates, [...EUR_RATES, GBP_RATE]);
  });

  await t.test('fulcrum pipeline', () => {
    const rows = must(['pipeline'], { json: true }).json();
    const engage = rows.find((x) => x.step === 'engage');
    assert.equal(engage.deals, OPEN_CONVERTED);
    assert.equal(engage.value, OPEN_VALUE / 100);
    assert.equal(engage.currency, 'USD');
    const apart = rows.filter((x) => x.step === null);
    assert.deepEqual(apart.map((x) => [x.currency, x.deals, x.value]), [['JPY', 1, 1000000]]);
  });

  await t.test('the win rate: won revenue', () => {
    const r = must(['report', 'winrate'], { json: true }).json();
    assert.equal(r.totals.won, 3, 'a deal without a rate still counts as won');
    assert.equal(r.totals.lost, 1);
    assert.equal(r.totals.won_minor, cents(500 + 1200));
    assert.equal(r.totals.lost_minor, cents(1000));
    assert.deepEqual(r.unconverted, [{ currency: 'JPY', deals: 1, value_minor: 50000 }]);
    assert.deepEqual(r.rates, [EUR_RATES[1], GBP_RATE]);
    assert.deepEqual(r.lost_reasons.map((x) => [x.reason, x.value_minor]),
      [['price', cents(1000)]]);
  });

  await t.test('the forecast', () => {
    const r = must(['report', 'forecast'], { json: true }).json();
    assert.equal(r.totals.value_minor, OPEN_VALUE);
    // per close month at 5%: March (past dates count now) 2200 + 120,
    // April 1000 + 5000, May 3600
    const months = Object.fromEntries(r.rows.map((x) => [x.month, x.value_minor]));
    assert.deepEqual(months, { '2026-03': cents(2320), '2026-04': cents(6000),
      '2026-05': cents(3600) });
    assert.equal(r.totals.expected_fixed_minor, cents(2320 + 6000 + 3600) * 5 / 100);
    assert.deepEqual(r.unconverted, [{ currency: 'JPY', deals: 1, value_minor: 1000000 }]);
    const bt = must(['report', 'forecast', '--backtest', '--at', '2026-03-02'], { json: true }).json();
    assert.equal(bt.currency, 'USD');
    assert.ok(bt.unconverted.every((x) => x.currency === 'JPY'));
  });

  await t.test('a new rate changes the totals; removing it restores them', () => {
    must(['rate', 'add', '--currency', 'JPY', '--date', '2026-01-01', '--rate', '0.0065']);
    const r = must(['report', 'pipeline'], { json: true }).json();
    assert.equal(r.totals.value_minor, OPEN_VALUE + cents(6500));
    assert.deepEqual(r.unconverted, []);
    const id = must(['rate', 'list', '--currency', 'JPY'], { json: true }).json()[0].id;
    must(['rate', 'remove', String(id)]);
    assert.equal(must(['report', 'pipeline'], { json: true }).json().totals.value_minor, OPEN_VALUE);
  });

  await t.test('--currency XYZ is refused on every way in', () => {
    const before = must(['deal', 'list'], { json: true }).stdout;
    let r = run(['deal', 'add', 'Bad', '--account', '1', '--contact', '1', '--next',
      'call', '--due', '2026-03-12', '--value', '10', '--currency', 'XYZ']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, ISO_RULE);
    r = run(['deal', 'edit', '1', '--currency', 'xyz']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ISO 4217 code such as USD or EUR, not 'XYZ'/);
    r = run(['offering', 'add', 'Widget', '--price', '10', '--currency', 'XYZ']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, ISO_RULE);
    r = run(['rate', 'add', '--currency', 'XYZ', '--date', '2026-01-01', '--rate', '1']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, ISO_RULE);
    r = run(['rate', 'base', 'XYZ']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ISO 4217/);
    assert.equal(must(['deal', 'list'], { json: true }).stdout, before, 'nothing changed');

    const csv = path.join(dir, 'deals.csv');
    fs.writeFileSync(csv, 'title,account,value,currency\nBad,Acme,10,XYZ\nGood,Acme,10,CHF\n');
    r = run(['import', 'deals', csv]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout + r.stderr, /imported 1\b/);
    const rej = fs.readFileSync(path.join(dir, 'deals.rejected.csv'), 'utf8');
    assert.match(rej, /Bad,Acme,10,XYZ,.*ISO 4217/);

    const bad = path.join(dir, 'bad-rates.csv');
    fs.writeFileSync(bad, 'currency,date,rate\nCHF,2026-01-01,0.9\nXYZ,2026-01-01,1\n');
    r = run(['import', 'rates', bad]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /line 3: .*ISO 4217/);
    assert.deepEqual(must(['rate', 'list', '--currency', 'CHF'], { json: true }).json(), [],
      'one bad row refuses the whole file');
  });

  await t.test('the base currency changes only without rates', () => {
    const r = run(['rate', 'base', 'EUR']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the 3 exchange rate\(s\) are in USD: remove them/);
    assert.match(must(['rate', 'base', 'usd']).stdout, /base currency USD/);
    const u = run(['rate', 'add', '--currency', 'USD', '--date', '2026-01-01', '--rate', '2']);
    assert.equal(u.code, 1);
    assert.match(u.stderr, /USD is the base currency/);
  });
});

test('another base currency: the base converts as is, the rest by its rates', () => {
  const { dir, db } = freshDb('fulcrum-currency-base');
  try {
    const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
    must(['init']);
    must(['account', 'add', 'Acme']);
    must(['contact', 'add', 'Bob', '--account', '1']);
    must(['rate', 'base', 'EUR']);
    must(['rate', 'add', '--currency', 'GBP', '--date', '2026-01-01', '--rate', '1.15']);
    for (const [v, c] of [[100, 'EUR'], [200, 'GBP'], [300, 'USD']]) {
      must(['deal', 'add', `${c} deal`, '--account', '1', '--contact', '1', '--next',
        'call', '--due', '2026-03-12', '--value', String(v), '--currency', c,
        '--close', '2026-04-01']);
    }
    const p = must(['report', 'pipeline'], { json: true }).json();
    assert.equal(p.currency, 'EUR');
    assert.equal(p.totals.value_minor, cents(100 + 230));
    assert.deepEqual(p.unconverted, [{ currency: 'USD', deals: 1, value_minor: cents(300) }]);

    // a backup keeps the base currency and the rates; a restore checks codes
    const file = path.join(dir, 'backup.json');
    must(['export', 'json', file]);
    const b = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(b.org.base_currency, 'EUR');
    const target = freshDb('fulcrum-currency-restore');
    try {
      ok(target.db, ['import', 'json', file]);
      assert.match(ok(target.db, ['rate', 'base']).stdout, /base currency EUR/);
      assert.deepEqual(ok(target.db, ['rate', 'list'], { json: true }).json()
        .map((x) => [x.currency, x.valid_from, x.rate]), [['GBP', '2026-01-01', '1.15']]);
    } finally {
      fs.rmSync(target.dir, { recursive: true, force: true });
    }
    b.deals[0].currency = 'XYZ';
    fs.writeFileSync(file, JSON.stringify(b));
    const bad = freshDb('fulcrum-currency-restore-bad');
    try {
      const r = fulcrum(bad.db, ['import', 'json', file]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /deals row 1: 'currency' must be an ISO 4217 code/);
    } finally {
      fs.rmSync(bad.dir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
