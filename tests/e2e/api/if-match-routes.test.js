// If-Match is a property of the route, not of its handler: every unsafe
// operation on an existing record answers a stale If-Match list with 412
// exactly when the server's OpenAPI document lists 412 for it (the routes
// flagged ROUTE_IF_MATCH, which the pipeline checks), and every other one
// goes on as if the header were absent.
// Run alone: node --test tests/e2e/api/if-match-routes.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper');

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
// Two tags, neither the version now: refused before any other check.
const STALE = { 'If-Match': '"999998", "999999"' };

test('If-Match follows the route table', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const A = (method, p, body, headers) => ctx.api(method, p, { token, body, headers });
  const ok = (r, status) => {
    assert.equal(r.status, status, r.text);
    return r.json;
  };

  const account = ok(await A('POST', '/api/v1/accounts', { name: 'Acme' }), 201);
  const contact = ok(await A('POST', '/api/v1/contacts', { name: 'Carol', account_id: account.id }), 201);
  const offering = ok(await A('POST', '/api/v1/offerings', { name: 'Toolkit' }), 201);
  const deal = ok(await A('POST', '/api/v1/deals', {
    title: 'Acme tools', account_id: account.id, contact_id: contact.id,
    value: 1200, close_date: inDays(60), next_step: { what: 'intro call', due: inDays(2) },
  }), 201);
  ok(await A('PUT', `/api/v1/deals/${deal.id}/stakeholders/${contact.id}`, { role: 'champion' }), 200);
  const want = ok(await A('POST', '/api/v1/wants', { deal_id: deal.id, kind: 'objective', text: 'cut cost' }), 201);
  const fit = ok(await A('POST', '/api/v1/fits', { want_id: want.id, offering_id: offering.id, how: 'it halves the cost' }), 201);
  const spare = ok(await A('POST', '/api/v1/tokens', { name: 'spare' }), 201);
  const me = ok(await A('GET', '/api/v1/auth/me'), 200);
  // The record each {id} names, by the path's first segment.
  const ids = {
    accounts: account.id, contacts: contact.id, offerings: offering.id, deals: deal.id,
    wants: want.id, fits: fit.id, tokens: spare.id, users: me.user.id,
  };
  const doc = ok(await A('GET', '/api/v1/openapi.json'), 200);

  const checked = { honours: 0, ignores: 0 };
  for (const [pattern, item] of Object.entries(doc.paths)) {
    const seg = pattern.split('/')[3];
    if (!pattern.includes('{id}') || !ids[seg]) continue;
    for (const [method, op] of Object.entries(item)) {
      if (method === 'get') continue;
      // DELETE last, so that the other operations find the record.
      const p = pattern.replace('{id}', ids[seg]).replace('{contact_id}', contact.id);
      const honours = Boolean(op.responses['412']);
      if (method === 'delete' && !honours) continue;
      const r = await A(method.toUpperCase(), p, op.requestBody ? {} : undefined, STALE);
      if (honours) {
        assert.equal(r.status, 412, `${method} ${pattern}: ${r.text}`);
        checked.honours++;
      } else {
        assert.notEqual(r.status, 412, `${method} ${pattern} reads If-Match but does not say so`);
        checked.ignores++;
      }
    }
  }
  for (const [pattern, item] of Object.entries(doc.paths)) {
    const seg = pattern.split('/')[3];
    if (!pattern.includes('{id}') || !ids[seg] || !item.delete || item.delete.responses['412']) continue;
    const p = pattern.replace('{id}', ids[seg]).replace('{contact_id}', contact.id);
    const r = await A('DELETE', p, undefined, STALE);
    assert.notEqual(r.status, 412, `delete ${pattern} reads If-Match but does not say so`);
    checked.ignores++;
  }
  assert.ok(checked.honours >= 10, JSON.stringify(checked));
  assert.ok(checked.ignores >= 4, JSON.stringify(checked));
});
