// Contact and account timelines: a call logged on a contact shows on the
// contact's and its account's timeline, with the deals' history events,
// newest first, and only for those who may see the record.
// Run alone: node --test tests/e2e/api/timeline.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor, contract } = require('./helper');

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('a contact and an account show what happened with them', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const doc = await contract(ctx.url);
  const api = async (method, p, body) => {
    const r = await ctx.api(method, p, { token, body });
    assert.deepEqual(doc.check(method, p, r), []);
    return r;
  };
  const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };

  const acme = ok(await api('POST', '/api/v1/accounts', { name: 'Acme' }), 201);
  const ann = ok(await api('POST', '/api/v1/contacts', { name: 'Ann', account_id: acme.id }), 201);
  const bob = ok(await api('POST', '/api/v1/contacts', { name: 'Bob', account_id: acme.id }), 201);
  const loner = ok(await api('POST', '/api/v1/contacts', { name: 'Loner' }), 201);
  const deal = ok(await api('POST', '/api/v1/deals', { title: 'Acme rollout', account_id: acme.id,
    contact_id: bob.id, value: 1000, next_step: { what: 'demo', due: inDays(3) } }), 201);
  ok(await api('POST', '/api/v1/interactions', { kind: 'call', contact_id: ann.id, notes: 'asked about pricing' }), 201);
  ok(await api('POST', '/api/v1/interactions', { kind: 'email', contact_id: loner.id, notes: 'not at Acme' }), 201);

  const annLine = ok(await api('GET', `/api/v1/contacts/${ann.id}/timeline`), 200).items;
  assert.equal(annLine.length, 1);
  assert.equal(annLine[0].source, 'interaction');
  assert.equal(annLine[0].what, 'call');
  assert.equal(annLine[0].text, 'asked about pricing');
  assert.equal(annLine[0].contact, 'Ann');
  assert.equal(annLine[0].actor, 'Ada Admin');

  const bobLine = ok(await api('GET', `/api/v1/contacts/${bob.id}/timeline`), 200).items;
  assert.deepEqual(bobLine.map((i) => [i.source, i.what, i.deal]), [['event', 'create', 'Acme rollout']]);
  assert.equal(bobLine[0].deal_id, deal.id);

  const acmeLine = ok(await api('GET', `/api/v1/accounts/${acme.id}/timeline`), 200).items;
  assert.equal(acmeLine.length, 2, JSON.stringify(acmeLine));
  assert.ok(acmeLine.some((i) => i.text === 'asked about pricing'));
  assert.ok(acmeLine.some((i) => i.what === 'create' && i.deal === 'Acme rollout'));
  assert.ok(!acmeLine.some((i) => i.text === 'not at Acme'), 'another account\'s call is not there');
  assert.ok(acmeLine[0].at >= acmeLine[1].at, 'newest first');

  ok(await api('GET', `/api/v1/accounts/${acme.id}/timeline?limit=1`), 200);
  assert.equal((await api('GET', `/api/v1/accounts/${acme.id}/timeline?limit=1`)).json.items.length, 1);
  assert.equal((await api('GET', `/api/v1/accounts/${acme.id}/timeline?limit=0`)).status, 400);
  assert.equal((await api('GET', '/api/v1/contacts/999999/timeline')).status, 404);

  // a rep who does not own the contact does not see its timeline
  ctx.cli(['user', 'add', '--email', 'rita@example.com', '--name', 'Rita Rep', '--role', 'rep']);
  ctx.cli(['user', 'passwd', 'rita@example.com'], 'rep password long\n');
  const rita = await tokenFor(ctx, 'rita@example.com', 'rep password long');
  const r = await ctx.api('GET', `/api/v1/contacts/${ann.id}/timeline`, { token: rita });
  assert.equal(r.status, 404, r.text);
});
