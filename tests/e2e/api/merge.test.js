// Merging through the API (POST /api/v1/contacts/{id}/merge, the accounts'
// twin, POST /api/v1/merges/{id}/undo): the preview, the merge moving the
// other record's deals and interactions, the survivor's timeline holding
// both histories and the merge, the undo restoring both records exactly,
// and a rep refused a record they may not edit; every answer as the
// OpenAPI document says. Runs on SQLite and, in the PostgreSQL pass, on
// PostgreSQL. Run alone: node --test tests/e2e/api/merge.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor, contract } = require('./helper');

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('contacts and accounts merge and unmerge through the API', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const doc = await contract(ctx.url);
  const call = async (method, p, body, as = token) => {
    const r = await ctx.api(method, p, { token: as, body });
    assert.deepEqual(doc.check(method, p, r), []);
    return r;
  };
  const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };

  const acme = ok(await call('POST', '/api/v1/accounts', { name: 'Acme', domain: 'acme.com' }), 201);
  const acme2 = ok(await call('POST', '/api/v1/accounts', { name: 'ACME Corp', industry: 'tools', allow_duplicate: true }), 201);
  const ann = ok(await call('POST', '/api/v1/contacts', { name: 'Ann Lee', email: 'ann@acme.com', account_id: acme.id }), 201);
  const ann2 = ok(await call('POST', '/api/v1/contacts', { name: 'Ann Lee', phone: '555 0100', account_id: acme2.id }), 201);
  const deal = ok(await call('POST', '/api/v1/deals', { title: 'Rollout', account_id: acme2.id,
    contact_id: ann2.id, value: 1000, next_step: { what: 'demo', due: inDays(3) } }), 201);
  const call1 = ok(await call('POST', '/api/v1/interactions', { kind: 'call', contact_id: ann2.id,
    notes: 'asked about pricing' }), 201);

  // the preview: side by side, each field's default
  const preview = ok(await call('GET', `/api/v1/contacts/${ann.id}/merge?other=${ann2.id}`), 200);
  assert.equal(preview.survivor.id, ann.id);
  assert.equal(preview.other.id, ann2.id);
  assert.equal(preview.fields.find((f) => f.name === 'phone').take, 'other');
  assert.equal(preview.fields.find((f) => f.name === 'account_id').take, 'survivor');
  assert.equal(preview.result.phone, '555 0100');
  assert.equal((await call('GET', `/api/v1/contacts/${ann.id}/merge`)).status, 400);

  // bad bodies are refused before anything changes
  assert.equal((await call('POST', `/api/v1/contacts/${ann.id}/merge`, { other_id: ann2.id, take: { version: 'other' } })).status, 400);
  assert.equal((await call('POST', `/api/v1/contacts/${ann.id}/merge`, { other_id: ann2.id, surprise: 1 })).status, 400);
  assert.equal((await call('POST', `/api/v1/contacts/${ann.id}/merge`, { other_id: 999999 })).status, 404);

  const before = {
    ann: ok(await call('GET', `/api/v1/contacts/${ann.id}`), 200),
    ann2: ok(await call('GET', `/api/v1/contacts/${ann2.id}`), 200),
  };
  const m = ok(await call('POST', `/api/v1/contacts/${ann.id}/merge`,
    { other_id: ann2.id, take: { account_id: 'other' } }), 201);
  assert.equal(m.entity, 'contact');
  assert.equal(m.survivor_id, ann.id);
  assert.equal(m.merged_id, ann2.id);
  assert.equal(m.undoable, true);
  assert.equal(m.moved['deals.contact_id'], 1);
  assert.equal(m.moved['interactions.contact_id'], 1);
  const merged = ok(await call('GET', `/api/v1/contacts/${ann.id}`), 200);
  assert.equal(merged.account_id, acme2.id);
  assert.equal(merged.phone, '555 0100');
  assert.equal(merged.email, 'ann@acme.com');
  assert.equal((await call('GET', `/api/v1/contacts/${ann2.id}`)).status, 404);
  assert.equal(ok(await call('GET', `/api/v1/deals/${deal.id}`), 200).contact_id, ann.id);
  assert.equal(ok(await call('GET', `/api/v1/interactions/${call1.id}`), 200).contact_id, ann.id);

  // both histories on the survivor's timeline, and the merge itself
  const line = ok(await call('GET', `/api/v1/contacts/${ann.id}/timeline`), 200).items;
  assert.ok(line.some((i) => i.source === 'interaction' && i.text === 'asked about pricing'), 'the other one\'s call');
  assert.ok(line.some((i) => i.source === 'event' && i.what === 'create' && i.deal_id === deal.id), 'the other one\'s deal');
  const ev = line.find((i) => i.what === 'merge');
  assert.ok(ev, JSON.stringify(line));
  assert.equal(ev.text, 'Ann Lee');
  assert.equal(ev.actor, 'Ada Admin');
  // the merged contact's own events stay readable here (it was created
  // after Ann, so its "create" is the newer of the two record events)
  const created = line.filter((i) => i.source === 'event' && i.what === 'create' && i.deal_id === null);
  assert.equal(created.length, 1, JSON.stringify(line));
  assert.ok(!line.some((i) => i.what === 'merged'), 'the merge is told once');
  assert.deepEqual(ok(await call('GET', `/api/v1/contacts/${ann.id}/merges`), 200).items.map((x) => x.id), [m.id]);
  assert.equal(ok(await call('GET', `/api/v1/merges/${m.id}`), 200).id, m.id);
  assert.equal(ctx.cli(['verify']).status, 0);

  // the undo
  const u = ok(await call('POST', `/api/v1/merges/${m.id}/undo`), 200);
  assert.equal(u.undoable, false);
  assert.ok(u.undone_at);
  assert.deepEqual(ok(await call('GET', `/api/v1/contacts/${ann.id}`), 200), before.ann);
  assert.deepEqual(ok(await call('GET', `/api/v1/contacts/${ann2.id}`), 200), before.ann2);
  assert.equal(ok(await call('GET', `/api/v1/deals/${deal.id}`), 200).contact_id, ann2.id);
  assert.equal(ok(await call('GET', `/api/v1/interactions/${call1.id}`), 200).contact_id, ann2.id);
  const after = ok(await call('GET', `/api/v1/contacts/${ann.id}/timeline`), 200).items;
  assert.ok(after.some((i) => i.what === 'unmerge'));
  assert.ok(!after.some((i) => i.text === 'asked about pricing'), 'the call went back');
  const again = await call('POST', `/api/v1/merges/${m.id}/undo`);
  assert.equal(again.status, 422);
  assert.equal(again.json.rule, 'merge-undone');
  assert.equal(ctx.cli(['verify']).status, 0);

  // accounts
  const am = ok(await call('POST', `/api/v1/accounts/${acme.id}/merge`, { other_id: acme2.id }), 201);
  assert.equal(am.moved['contacts.account_id'], 1);
  assert.equal(am.moved['deals.account_id'], 1);
  assert.equal(ok(await call('GET', `/api/v1/accounts/${acme.id}`), 200).industry, 'tools');
  ok(await call('GET', `/api/v1/accounts/${acme.id}/merge?other=${acme.id}`), 400);
  ok(await call('POST', `/api/v1/merges/${am.id}/undo`), 200);
  assert.equal(ok(await call('GET', `/api/v1/accounts/${acme2.id}`), 200).name, 'ACME Corp');

  // a rep may merge only what they may edit
  ctx.cli(['user', 'add', '--email', 'rita@example.com', '--name', 'Rita Rep', '--role', 'rep']);
  ctx.cli(['user', 'passwd', 'rita@example.com'], 'rep password long\n');
  const rita = await tokenFor(ctx, 'rita@example.com', 'rep password long');
  const mine = ok(await call('POST', '/api/v1/contacts', { name: 'Rita\'s Ann' }, rita), 201);
  const refused = await call('POST', `/api/v1/contacts/${mine.id}/merge`, { other_id: ann.id }, rita);
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.rule, 'merge-access');
  assert.equal((await call('GET', `/api/v1/contacts/${ann.id}`)).status, 200, 'nothing merged');
  const seeNot = await call('GET', `/api/v1/contacts/${mine.id}/merge?other=${ann.id}`, undefined, rita);
  assert.equal(seeNot.status, 422);
});
