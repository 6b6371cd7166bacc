// Step 4 over the API: a deal's line items set its value (and refuse a
// value by hand, rule line-items), a proposal is built as a new version,
// listed, read as escaped HTML styled for print, and sent (an e-mail whose
// agreed next step is the proposal review); every answer agrees with the
// server's own OpenAPI document.
// Run alone: node --test tests/e2e/api/proposal.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { adminWithContact, contract } = require('./helper');

test('line items, proposals and their sending over the API', async (t) => {
  const { ctx, call, account, contact } = await adminWithContact(t);
  const { check } = await contract(ctx.url);
  const checked = async (method, p, body) => {
    const r = await call(method, p, body);
    assert.deepEqual(check(method, p, r), [], `${method} ${p}`);
    return r;
  };
  const offering = (await checked('POST', '/api/v1/offerings', { name: 'Vault <Pro>', price: 1200, currency: 'EUR' })).json;
  const deal = (await checked('POST', '/api/v1/deals', {
    title: 'Vault', account_id: account.id, contact_id: contact.id, value: 10, currency: 'EUR',
    next_step: { what: 'Call', due: '2030-01-01' },
  })).json;

  // a line item: 5 x EUR 1,200.00 less 15% = EUR 5,100.00, the deal's value now
  const item = await checked('POST', '/api/v1/line-items', { deal_id: deal.id, offering_id: offering.id, quantity: 5, discount: 15 });
  assert.equal(item.status, 201, item.text);
  assert.equal(item.json.currency, 'EUR');
  assert.equal(item.json.unit_price_minor, 120000);
  assert.equal(item.json.total_minor, 510000);
  assert.equal((await checked('GET', `/api/v1/deals/${deal.id}`)).json.value_minor, 510000);
  // the deal's value is the items' sum: set by hand it is refused by name
  const byHand = await checked('PATCH', `/api/v1/deals/${deal.id}`, { value: 99 });
  assert.equal(byHand.status, 422, byHand.text);
  assert.equal(byHand.json.rule, 'line-items');
  // a value echoed back unchanged is no change
  assert.equal((await checked('PATCH', `/api/v1/deals/${deal.id}`, { value: 5100, title: 'Vault 2' })).status, 200);
  // bounds are the core's: a discount above 100, a total beyond one amount
  assert.equal((await checked('PATCH', `/api/v1/line-items/${item.json.id}`, { discount: 101 })).status, 400);
  const huge = await checked('PATCH', `/api/v1/line-items/${item.json.id}`, { quantity: 1000000, unit_price: 9999999999 });
  assert.equal(huge.status, 400, huge.text);
  assert.equal(huge.json.field, 'total');
  const edited = await checked('PATCH', `/api/v1/line-items/${item.json.id}`, { quantity: 2, discount: 0 });
  assert.equal(edited.json.total_minor, 240000);
  assert.equal((await checked('GET', `/api/v1/deals/${deal.id}`)).json.value_minor, 240000);
  const list = await checked('GET', `/api/v1/line-items?deal_id=${deal.id}`);
  assert.deepEqual(list.json.items.map((i) => i.id), [item.json.id]);

  // proposals: none yet, then v1 and v2
  assert.deepEqual((await checked('GET', `/api/v1/deals/${deal.id}/proposals`)).json.items, []);
  const unsent = await checked('POST', `/api/v1/deals/${deal.id}/proposals/1/send`, { due: '2030-01-10' });
  assert.equal(unsent.status, 404, unsent.text);
  await checked('POST', '/api/v1/wants', { deal_id: deal.id, kind: 'objective', importance: 4, text: '<img src=x onerror=alert(1)> no more "lost" keys' });
  const v1 = await checked('POST', `/api/v1/deals/${deal.id}/proposals`);
  assert.equal(v1.status, 201, v1.text);
  assert.equal(v1.json.number, 1);
  assert.equal(v1.headers.get('location'), `/api/v1/deals/${deal.id}/proposals/1`);
  assert.equal((await checked('POST', `/api/v1/deals/${deal.id}/proposals`)).json.number, 2);
  assert.deepEqual((await checked('GET', `/api/v1/deals/${deal.id}/proposals`)).json.items.map((p) => p.number), [1, 2]);

  const html = await checked('GET', `/api/v1/deals/${deal.id}/proposals/1`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.match(html.headers.get('content-security-policy'), /default-src 'none'/);
  assert.ok(html.text.includes('&lt;img src=x onerror=alert(1)&gt; no more &quot;lost&quot; keys'));
  assert.ok(!html.text.includes('<img'));
  assert.ok(html.text.includes('Vault &lt;Pro&gt;'));
  assert.ok(html.text.includes('EUR 2,400.00'));
  assert.match(html.text, /@media print/);
  assert.equal((await checked('GET', `/api/v1/deals/${deal.id}/proposals/9`)).status, 404);

  // sending v1: the e-mail, the next step, the version marked sent
  const bad = await checked('POST', `/api/v1/deals/${deal.id}/proposals/1/send`, {});
  assert.equal(bad.status, 400, bad.text);
  const sent = await checked('POST', `/api/v1/deals/${deal.id}/proposals/1/send`, { due: '2030-01-10' });
  assert.equal(sent.status, 200, sent.text);
  assert.ok(sent.json.sent_at);
  assert.ok(sent.json.interaction_id > 0);
  const shown = (await checked('GET', `/api/v1/deals/${deal.id}`)).json;
  assert.equal(shown.next_step.what, 'proposal review');
  assert.equal(shown.next_step.type, 'proposal');
  assert.equal(shown.next_step.due, '2030-01-10');
  const email = (await checked('GET', `/api/v1/interactions/${sent.json.interaction_id}`)).json;
  assert.equal(email.kind, 'email');
  assert.equal(email.purpose, 'proposal v1');

  // history: the items, the value they set, the builds and the sending
  const events = (await checked('GET', `/api/v1/deals/${deal.id}/history`)).json.items;
  const actions = events.map((e) => `${e.entity}:${e.action}`);
  for (const a of ['line_item:create', 'line_item:update', 'deal:proposal', 'deal:proposal_sent']) {
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  }
  assert.ok(events.some((e) => e.action === 'update' && e.reason === 'line items' &&
    e.data.after.value_minor === 240000));

  // removing the last item leaves the value; then the hand sets it again
  assert.equal((await checked('DELETE', `/api/v1/line-items/${item.json.id}`)).status, 204);
  assert.equal((await checked('GET', `/api/v1/deals/${deal.id}`)).json.value_minor, 240000);
  assert.equal((await checked('PATCH', `/api/v1/deals/${deal.id}`, { value: 99 })).status, 200);

  // a deactivated offering is no longer sold: it takes no new line
  await checked('PATCH', `/api/v1/offerings/${offering.id}`, { active: false });
  const unsold = await checked('POST', '/api/v1/line-items', { deal_id: deal.id, offering_id: offering.id, unit_price: 5 });
  assert.equal(unsold.status, 400, unsold.text);
  assert.equal(unsold.json.field, 'offering_id');
  assert.equal((await checked('GET', `/api/v1/line-items?deal_id=${deal.id}`)).json.items.length, 0);
});

test('a backup carries line items and proposals', async (t) => {
  const { ctx, call, account, contact } = await adminWithContact(t);
  const offering = (await call('POST', '/api/v1/offerings', { name: 'Vault', price: 100 })).json;
  const deal = (await call('POST', '/api/v1/deals', {
    title: 'Vault', account_id: account.id, contact_id: contact.id,
    next_step: { what: 'Call', due: '2030-01-01' },
  })).json;
  await call('POST', '/api/v1/line-items', { deal_id: deal.id, offering_id: offering.id, quantity: 3 });
  await call('POST', `/api/v1/deals/${deal.id}/proposals`);
  const backup = JSON.parse(ctx.cli(['export', 'json']).stdout);
  assert.equal(backup.line_items.length, 1);
  assert.equal(backup.line_items[0].total_minor, 30000);
  assert.equal(backup.proposals.length, 1);
  assert.match(backup.proposals[0].html, /USD 300\.00/);
});
