// The resources of SPEC.md §5.2 over HTTP: CRUD with ETag/If-Match,
// cursor pagination, the process rules as 422 problems typed by rule,
// and the access matrix (404 for what the caller may not see).
// Run alone: node --test tests/e2e/api/resources.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, setPassword, tokenFor } = require('./helper');

const PW = 'rep password 123';

test('resources', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  for (const [email, role] of [['rep1@example.com', 'rep'], ['rep2@example.com', 'rep']]) {
    const r = ctx.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--role', role]);
    assert.equal(r.status, 0, r.stderr);
    setPassword(ctx.db, email, PW);
  }
  const admin = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const rep1 = await tokenFor(ctx, 'rep1@example.com', PW);
  const rep2 = await tokenFor(ctx, 'rep2@example.com', PW);
  const as = (token) => (method, p, body, headers) => ctx.api(method, p, { token, body, headers });
  const A = as(admin), R1 = as(rep1), R2 = as(rep2);
  const today = new Date().toISOString().slice(0, 10);
  const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  let account, contact, deal;

  await t.test('accounts: create, read with ETag, update with If-Match, 412 on a stale version', async () => {
    let r = await R1('POST', '/api/v1/accounts', { name: 'Acme', domain: 'acme.example' });
    assert.equal(r.status, 201, r.text);
    account = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/accounts/${account.id}`);
    assert.equal(r.headers.get('etag'), `"${account.version}"`);
    r = await R1('GET', `/api/v1/accounts/${account.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.name, 'Acme');
    const etag = r.headers.get('etag');
    r = await R1('PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Tools' }, { 'If-Match': etag });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.industry, 'Tools');
    assert.notEqual(r.headers.get('etag'), etag);
    r = await R1('PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Other' }, { 'If-Match': etag });
    assert.equal(r.status, 412);
    assert.equal(r.json.type, 'https://fulcrum.invalid/problems/precondition-failed');
    r = await R1('PATCH', `/api/v1/accounts/${account.id}`, { industry: 'Other' }, { 'If-Match': 'nonsense' });
    assert.equal(r.status, 400);
  });

  await t.test('validation errors name the field', async () => {
    let r = await R1('POST', '/api/v1/accounts', { domain: 'x.example' });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'name');
    r = await R1('POST', '/api/v1/accounts', { name: 'X', colour: 'red' });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'colour');
    r = await R1('POST', '/api/v1/accounts', { name: 42 });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'name');
  });

  await t.test('contacts and deals: a deal needs its agreed next step (R1)', async () => {
    let r = await R1('POST', '/api/v1/contacts', { name: 'Carol Buyer', account_id: account.id, email: 'carol@acme.example' });
    assert.equal(r.status, 201, r.text);
    contact = r.json;
    r = await R1('POST', '/api/v1/deals', { title: 'Acme tools', account_id: account.id, contact_id: contact.id, value: 12000, close_date: inDays(60) });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /\/rules\/next-step-required$/);
    r = await R1('POST', '/api/v1/deals', {
      title: 'Acme tools', account_id: account.id, contact_id: contact.id, value: 12000,
      close_date: inDays(60), next_step: { what: 'intro call', due: inDays(2) },
    });
    assert.equal(r.status, 201, r.text);
    deal = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/deals/${deal.id}`);
    assert.ok(r.headers.get('etag'));
  });

  await t.test('advance is refused while exit criteria fail (R2), with the rule in the type', async () => {
    const r = await R1('POST', `/api/v1/deals/${deal.id}/advance`);
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /\/rules\/exit-criteria$/);
    assert.equal(r.json.rule, 'exit-criteria');
    assert.match(r.json.detail, /^refused \(exit-criteria\)/);
  });

  await t.test('a rep may not force a move; an admin may, with a reason', async () => {
    let r = await R1('POST', `/api/v1/deals/${deal.id}/advance`, { force: true, reason: 'known customer' });
    assert.equal(r.status, 403, r.text);
    r = await A('POST', `/api/v1/deals/${deal.id}/advance`, { force: true, reason: 'known customer' });
    assert.equal(r.status, 200, r.text);
    assert.notEqual(r.json.step, deal.step);
    r = await A('GET', `/api/v1/deals/${deal.id}/history`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.some((e) => e.reason === 'known customer'));
  });

  await t.test('logging a call on an open deal needs the agreement or an explicit no (R1)', async () => {
    let r = await R1('POST', '/api/v1/interactions', { kind: 'call', deal_id: deal.id, contact_id: contact.id, purpose: 'rapport' });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /\/rules\/next-step-required$/);
    r = await R1('POST', '/api/v1/interactions', { kind: 'call', deal_id: deal.id, contact_id: contact.id, agreement: false });
    assert.equal(r.status, 201, r.text);
  });

  await t.test('no move to present without wants (R3)', async () => {
    for (let i = 0; i < 3; i++) {
      const d = await A('GET', `/api/v1/deals/${deal.id}`);
      if (d.json.step === 'discover') break;
      await A('POST', `/api/v1/deals/${deal.id}/advance`, { force: true, reason: 'test' });
    }
    const r = await A('POST', `/api/v1/deals/${deal.id}/advance`, { force: true, reason: 'skip discovery' });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /\/rules\/fulcrum$/);
  });

  await t.test('wants, offerings and fits', async () => {
    let r = await R1('POST', '/api/v1/wants', { deal_id: deal.id, kind: 'objective', text: 'cut tooling cost', importance: 4 });
    assert.equal(r.status, 201, r.text);
    const want = r.json;
    r = await A('POST', '/api/v1/offerings', { name: 'Toolkit' });
    assert.equal(r.status, 201, r.text);
    const offering = r.json;
    r = await R1('POST', '/api/v1/fits', { want_id: want.id, offering_id: offering.id, how: 'one kit replaces four' });
    assert.equal(r.status, 201, r.text);
    r = await R1('POST', '/api/v1/fits', { want_id: 999999, offering_id: offering.id, how: 'x' });
    assert.ok([404, 422].includes(r.status), r.text);
  });

  await t.test('the access matrix: another rep gets 404, the admin sees everything', async () => {
    let r = await R2('GET', `/api/v1/deals/${deal.id}`);
    assert.equal(r.status, 404);
    r = await R2('GET', `/api/v1/accounts/${account.id}`);
    assert.equal(r.status, 404);
    r = await R2('PATCH', `/api/v1/accounts/${account.id}`, { name: 'Mine now' });
    assert.equal(r.status, 404);
    r = await R2('GET', '/api/v1/deals');
    assert.equal(r.status, 200);
    assert.ok(!r.json.items.some((d) => d.id === deal.id));
    r = await A('GET', `/api/v1/deals/${deal.id}`);
    assert.equal(r.status, 200);
    r = await R2('POST', '/api/v1/users', { email: 'x@example.com', name: 'X', role: 'admin' });
    assert.equal(r.status, 403);
    r = await R2('POST', '/api/v1/processes', { key: 'x', name: 'X', steps: [] });
    assert.equal(r.status, 403);
  });

  await t.test('cursor pagination walks every account once', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await R1('POST', '/api/v1/accounts', { name: `Page ${i}` });
      assert.equal(r.status, 201);
    }
    const seen = [];
    let cursor = null;
    for (let pages = 0; pages < 10; pages++) {
      const q = '/api/v1/accounts?limit=3' + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
      const r = await R1('GET', q);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.items.length <= 3);
      seen.push(...r.json.items.map((a) => a.id));
      cursor = r.json.next_cursor;
      if (!cursor) break;
    }
    assert.equal(seen.length, 8);
    assert.equal(new Set(seen).size, 8);
    let r = await R1('GET', '/api/v1/accounts?limit=0');
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'limit');
    r = await R1('GET', '/api/v1/accounts?q=Page%203');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items.map((a) => a.name), ['Page 3']);
  });

  await t.test('agenda, processes and users read', async () => {
    let r = await R1('GET', '/api/v1/agenda');
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.json.items));
    r = await R1('GET', '/api/v1/agenda?explain=maybe');
    assert.equal(r.status, 400);
    r = await R1('GET', '/api/v1/processes');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length >= 1);
    const key = r.json.items[0].key;
    r = await R1('GET', `/api/v1/processes/${key}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.steps.length >= 6, true);
    r = await R1('GET', '/api/v1/users');
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('password_hash'));
    assert.ok(!r.text.includes('$argon2id'));
  });

  await t.test('delete honours If-Match and answers 204', async () => {
    let r = await R1('POST', '/api/v1/accounts', { name: 'Temp' });
    const id = r.json.id;
    r = await R1('DELETE', `/api/v1/accounts/${id}`, undefined, { 'If-Match': '"99"' });
    assert.equal(r.status, 412);
    r = await R1('DELETE', `/api/v1/accounts/${id}`);
    assert.equal(r.status, 204, r.text);
    r = await R1('GET', `/api/v1/accounts/${id}`);
    assert.equal(r.status, 404);
    void today;
  });
});
