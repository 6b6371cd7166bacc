// Amounts in their currency's minor unit (docs/money.md): a JPY deal of
// 1,000,000 answers value_minor 1000000 (not hundredths) with its currency
// beside it, and people read "JPY 1,000,000"; a KWD amount keeps three
// decimals; an amount with more decimals than its currency has is refused
// naming the rule; a change of currency keeps the amount in whole units.
// SQLite and, in the PostgreSQL pass, PostgreSQL.
// Run alone: node --test tests/e2e/api/minor-units.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { adminWithContact, runOk } = require('./helper');

test('amounts in minor units over the API and in the CLI', async (t) => {
  const { ctx, call, account, contact } = await adminWithContact(t);
  const deal = (title, value, currency) => call('POST', '/api/v1/deals', {
    title, account_id: account.id, contact_id: contact.id, value, currency,
    next_step: { what: 'call', due: '2030-01-01' },
  });

  const jpy = await deal('Tokyo', 1000000, 'JPY');
  assert.equal(jpy.status, 201, jpy.text);
  assert.equal(jpy.json.value_minor, 1000000);
  assert.equal(jpy.json.currency, 'JPY');
  assert.equal(jpy.json.value, 1000000);
  const read = (await call('GET', `/api/v1/deals/${jpy.json.id}`)).json;
  assert.equal(read.value_minor, 1000000);
  assert.equal(read.currency, 'JPY');

  const kwd = await deal('Kuwait', '1.234', 'KWD');
  assert.equal(kwd.status, 201, kwd.text);
  assert.equal(kwd.json.value_minor, 1234);
  assert.equal(kwd.json.value, 1.234);
  const usd = await deal('Boston', 1234.5, 'USD');
  assert.equal(usd.json.value_minor, 123450);

  await t.test('more decimals than the currency has are refused, naming the rule', async () => {
    let r = await deal('Half a yen', 1000.5, 'JPY');
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'value');
    assert.match(r.json.detail, /'value' has decimals, but JPY has none/);
    r = await deal('Half a yen', '1000.5', 'JPY');
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.detail, /'1000\.5' has decimals, but JPY has none/);
    r = await deal('Fils', '1.2345', 'KWD');
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.detail, /more than 3 decimals, the most KWD has/);
  });

  await t.test('value_minor is read-only: echoed beside value, refused alone', async () => {
    let r = await call('PATCH', `/api/v1/deals/${jpy.json.id}`, { value: 2000000, value_minor: 1000000 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.value_minor, 2000000);
    r = await call('PATCH', `/api/v1/deals/${jpy.json.id}`, { value_minor: 5 });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.detail, /'value_minor' cannot be set directly: give 'value'/);
    r = await call('PATCH', `/api/v1/deals/${jpy.json.id}`, { value: 1000000 });
    assert.equal(r.json.value_minor, 1000000);
  });

  await t.test('a change of currency keeps the amount in whole units', async () => {
    const d = (await deal('Switch', 10, 'USD')).json;
    let r = await call('PATCH', `/api/v1/deals/${d.id}`, { currency: 'JPY' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.value, r.json.value_minor, r.json.currency], [10, 10, 'JPY']);
    r = await call('PATCH', `/api/v1/deals/${d.id}`, { currency: 'KWD' });
    assert.deepEqual([r.json.value, r.json.value_minor], [10, 10000]);
    r = await call('PATCH', `/api/v1/deals/${d.id}`, { currency: 'USD', value: 10.5 });
    assert.equal(r.json.value_minor, 1050);
    r = await call('PATCH', `/api/v1/deals/${d.id}`, { currency: 'JPY' });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.detail, /'currency' cannot change from USD to JPY while 'value' is 10\.50/);
  });

  await t.test('people read each currency with its own decimals', () => {
    const show = runOk(ctx.db, ['deal', 'show', String(jpy.json.id)]);
    assert.match(show, /value JPY 1,000,000,/);
    const list = runOk(ctx.db, ['deal', 'list']);
    assert.match(list, /JPY 1,000,000\b/);
    assert.match(list, /KWD 1\.234\b/);
    assert.match(list, /USD 1,234\.50\b/);
    assert.doesNotMatch(list, /value_minor/);
    const json = JSON.parse(runOk(ctx.db, ['--json', 'deal', 'list']));
    const tokyo = json.find((x) => x.title === 'Tokyo');
    assert.equal(tokyo.value_minor, 1000000);
    assert.equal(tokyo.currency, 'JPY');
    const csv = runOk(ctx.db, ['export', 'deals', '-']);
    assert.match(csv, /Tokyo,.*,1000000,JPY,/);
    assert.match(csv, /Kuwait,.*,1\.234,KWD,/);
  });

  await t.test('the OpenAPI document names value_minor', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).json;
    const deal = doc.components.schemas.deal || doc.components.schemas.Deal;
    assert.ok(deal, Object.keys(doc.components.schemas).join(' '));
    assert.equal(deal.properties.value_minor.type[0], 'integer');
    assert.match(deal.properties.value_minor.description, /minor units of `currency`/);
  });
});
