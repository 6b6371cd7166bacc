// Amounts over the API meet the same bound as everywhere (docs/money.md):
// 10,000,000,000.00 is taken as a JSON integer, a JSON number or a string;
// one cent more, in any of those forms, is a 400 that names the field;
// OpenAPI documents the bound.
// Run alone: node --test tests/e2e/api/money.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { adminWithContact } = require('./helper');

test('money over the API', async (t) => {
  const { call, account, contact } = await adminWithContact(t);
  const deal = (value) => call('POST', '/api/v1/deals', {
    title: 'Big', account_id: account.id, contact_id: contact.id, value,
    next_step: { what: 'call', due: '2030-01-01' },
  });

  for (const v of [10000000000, 10000000000.0, '10000000000.00', '$10,000,000,000']) {
    const r = await deal(v);
    assert.equal(r.status, 201, `${JSON.stringify(v)}: ${r.text}`);
    assert.equal(r.json.value, 10000000000);
  }
  for (const v of [10000000001, 10000000000.01, '10000000000.01', 92233720368547758,
    1e300, '92233720368547758']) {
    const r = await deal(v);
    assert.equal(r.status, 400, `${JSON.stringify(v)}: ${r.text}`);
    assert.equal(r.json.field, 'value');
    assert.match(r.json.detail, /'value' must be at most 10000000000\.00/);
  }
  const big = (await call('GET', '/api/v1/deals?limit=1')).json.items[0];
  const patched = await call('PATCH', `/api/v1/deals/${big.id}`, { value: 10000000001 });
  assert.equal(patched.status, 400, patched.text);
  const price = await call('POST', '/api/v1/offerings', { name: 'Gold', price: 10000000001 });
  assert.equal(price.status, 400, price.text);
  assert.equal(price.json.field, 'price');

  const pipe = await call('GET', '/api/v1/reports/pipeline');
  assert.equal(pipe.status, 200, pipe.text);
  assert.equal(pipe.json.totals.value_minor, 4 * 1000000000000);

  const doc = (await call('GET', '/api/v1/openapi.json')).json;
  const json = JSON.stringify(doc);
  assert.match(json, /"maximum":10000000000/);
});
