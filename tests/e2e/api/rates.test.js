// Exchange rates and the base currency over HTTP (docs/money.md): everyone
// reads them, only admins write; a code that is not ISO 4217 is a 400
// naming the field; a report over HTTP converts with the rates and says so.
// Rerun alone: node --test tests/e2e/api/rates.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, runOk, setup, setPassword } = require('./helper.js');

const REP = { email: 'rep@example.com', password: 'rep password 123' };

test('rates and the base currency over HTTP', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  runOk(ctx.db, ['user', 'add', '--email', REP.email, '--name', 'Rae Rep', '--role', 'rep']);
  setPassword(ctx.db, REP.email, REP.password);
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const rep = await ctx.login(REP.email, REP.password);

  await t.test('admins write rates, everyone reads them', async () => {
    let r = await ctx.api('POST', '/api/v1/rates', { session: admin,
      body: { currency: 'eur', valid_from: '2026-01-01', rate: '1.10' } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.currency, 'EUR');
    assert.equal(r.json.rate, '1.1');
    const id = r.json.id;
    r = await ctx.api('POST', '/api/v1/rates', { session: rep,
      body: { currency: 'GBP', valid_from: '2026-01-01', rate: '1.25' } });
    assert.equal(r.status, 403, r.text);
    r = await ctx.api('GET', '/api/v1/rates', { session: rep });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => [x.currency, x.valid_from, x.rate]),
      [['EUR', '2026-01-01', '1.1']]);
    r = await ctx.api('DELETE', `/api/v1/rates/${id}`, { session: rep });
    assert.equal(r.status, 403, r.text);
    r = await ctx.api('POST', '/api/v1/rates', { session: admin,
      body: { currency: 'EUR', valid_from: '2026-01-01', rate: '1.2' } });
    assert.equal(r.status, 409, 'one rate per currency and day');
  });

  await t.test('bad input is a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ currency: 'XYZ', valid_from: '2026-01-01', rate: '1' }, 'currency'],
      [{ currency: 'CHF', valid_from: '2026-01-01', rate: '-1' }, 'rate'],
      [{ currency: 'CHF', valid_from: '2026-01-01', rate: '1.0000001' }, 'rate'],
      [{ currency: 'CHF', valid_from: 'soon', rate: '1' }, 'valid_from'],
      [{ currency: 'USD', valid_from: '2026-01-01', rate: '1' }, 'currency'],
    ]) {
      const r = await ctx.api('POST', '/api/v1/rates', { session: admin, body });
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.field, field, r.text);
    }
    const r = await ctx.api('POST', '/api/v1/offerings', { session: admin,
      body: { name: 'Widget', price: 10, currency: 'XYZ' } });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.detail, /ISO 4217/);
  });

  await t.test('the base currency: everyone reads, admins set', async () => {
    let r = await ctx.api('GET', '/api/v1/base-currency', { session: rep });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { currency: 'USD' });
    r = await ctx.api('PUT', '/api/v1/base-currency', { session: rep, body: { currency: 'EUR' } });
    assert.equal(r.status, 403, r.text);
    r = await ctx.api('PUT', '/api/v1/base-currency', { session: admin, body: { currency: 'XYZ' } });
    assert.equal(r.status, 400, r.text);
    r = await ctx.api('PUT', '/api/v1/base-currency', { session: admin, body: { currency: 'GBP' } });
    assert.equal(r.status, 409, 'the EUR rate is in USD');
  });

  await t.test('a report over HTTP converts and names its rates', async () => {
    runOk(ctx.db, ['account', 'add', 'Acme']);
    runOk(ctx.db, ['contact', 'add', 'Bob', '--account', '1']);
    for (const [v, c] of [[100, 'USD'], [200, 'EUR'], [300, 'JPY']]) {
      runOk(ctx.db, ['deal', 'add', `${c} deal`, '--account', '1', '--contact', '1',
        '--next', 'call', '--due', '2099-01-01', '--value', String(v), '--currency', c]);
    }
    const r = await ctx.api('GET', '/api/v1/reports/pipeline', { session: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.currency, 'USD');
    assert.equal(r.json.totals.value_minor, 10000 + 22000);
    assert.deepEqual(r.json.rates, [{ currency: 'EUR', valid_from: '2026-01-01', rate: '1.1' }]);
    assert.deepEqual(r.json.unconverted, [{ currency: 'JPY', deals: 1, value_minor: 300 }]);
  });
});
