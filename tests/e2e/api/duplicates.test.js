// Likely duplicates over HTTP (docs/duplicates.md): a create or an edit
// that would make one is 409 with rule "duplicate" and the candidates in
// "duplicates", nothing written, and goes on with "allow_duplicate": true;
// GET /api/v1/duplicates/contacts|accounts lists the pairs, a rep's only
// of records they may see; a vCard imported again is found by UID; every
// answer as the OpenAPI document says.
// Run alone: node --test tests/e2e/api/duplicates.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, setup, setPassword, tokenFor, contract } = require('./helper');

const CARDS = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'duplicates',
  'cards.vcf'), 'utf8');
const REP = { email: 'rae@example.com', password: 'rae has a password' };

test('likely duplicates: refused with the candidates, created when told, listed by who may see them', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  ctx.cli(['user', 'add', '--email', REP.email, '--name', 'Rae Rep', '--role', 'rep']);
  setPassword(ctx.db, REP.email, REP.password);
  const admin = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const rep = await tokenFor(ctx, REP.email, REP.password);
  const doc = await contract(ctx.url);
  const call = async (token, method, p, body) => {
    const r = await ctx.api(method, p, { token, body });
    assert.deepEqual(doc.check(method, p, r), []);
    return r;
  };

  const acme = (await call(admin, 'POST', '/api/v1/accounts',
    { name: 'Acme Inc.', domain: 'acme.example' })).json;
  const ada = (await call(admin, 'POST', '/api/v1/contacts', { name: 'Ada Lovelace',
    email: 'ada@acme.example', phone: '+44 20 7946 0958', account_id: acme.id })).json;

  let r = await call(admin, 'POST', '/api/v1/contacts', { name: 'A. Lovelace',
    email: 'ADA@acme.example', account_id: acme.id });
  assert.equal(r.status, 409);
  assert.equal(r.json.rule, 'duplicate');
  assert.equal(r.json.type, 'https://fulcrum.invalid/problems/duplicate');
  assert.match(r.json.detail, /^refused \(duplicate\): likely the same contact as Ada Lovelace/);
  assert.deepEqual(r.json.duplicates, [{ id: ada.id, name: 'Ada Lovelace', evidence: [
    { rule: 'email', value: 'ada@acme.example' },
    { rule: 'similar_name', value: 'Ada Lovelace' },
  ] }]);
  r = await call(admin, 'POST', '/api/v1/accounts', { name: 'ACME', domain: 'https://www.acme.example/' });
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.duplicates.map((d) => [d.id, d.evidence.map((e) => e.rule)]),
    [[acme.id, ['domain', 'email_domain', 'name']]]);
  r = await call(admin, 'GET', '/api/v1/contacts');
  assert.equal(r.json.items.length, 1, 'nothing was written');
  r = await call(admin, 'POST', '/api/v1/contacts', { name: 'Ada', allow_duplicate: 'yes' });
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'allow_duplicate');

  // told to go on, it is created, and the switch is not stored
  r = await call(admin, 'POST', '/api/v1/contacts', { name: 'A. Lovelace',
    email: 'ADA@acme.example', account_id: acme.id, allow_duplicate: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.allow_duplicate, undefined);
  const twin = r.json;

  // an edit to another's phone is refused the same way, then saved when told
  const bea = (await call(admin, 'POST', '/api/v1/contacts', { name: 'Ada L.' })).json;
  r = await call(admin, 'PATCH', `/api/v1/contacts/${bea.id}`, { phone: '020 7946 0958' });
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.duplicates.map((d) => d.id), [ada.id]);
  assert.deepEqual(r.json.duplicates[0].evidence, [{ rule: 'phone', value: '079460958' }]);
  r = await call(admin, 'PATCH', `/api/v1/contacts/${bea.id}`, { phone: '020 7946 0958',
    allow_duplicate: true });
  assert.equal(r.status, 200, r.text);

  // the rep's own pair
  const mine = (await call(rep, 'POST', '/api/v1/accounts', { name: 'Mine' })).json;
  const kim = (await call(rep, 'POST', '/api/v1/contacts', { name: 'Kim Lee', account_id: mine.id })).json;
  r = await call(rep, 'POST', '/api/v1/contacts', { name: 'KIM  Lée', account_id: mine.id });
  assert.equal(r.status, 409);
  const kim2 = (await call(rep, 'POST', '/api/v1/contacts', { name: 'KIM  Lée',
    account_id: mine.id, allow_duplicate: true })).json;
  // the rep does not see Ada: her e-mail is no refusal of theirs
  r = await call(rep, 'POST', '/api/v1/contacts', { name: 'Someone', email: 'ada@acme.example' });
  assert.equal(r.status, 201, r.text);
  const someone = r.json;

  r = await call(admin, 'GET', '/api/v1/duplicates/contacts');
  assert.equal(r.status, 200);
  const pairs = r.json.items.map((p) => [p.a.id, p.b.id]);
  assert.deepEqual(pairs, [[ada.id, twin.id], [ada.id, bea.id], [ada.id, someone.id],
    [twin.id, someone.id], [kim.id, kim2.id]]);
  assert.deepEqual(r.json.items[0], { a: { id: ada.id, name: 'Ada Lovelace' },
    b: { id: twin.id, name: 'A. Lovelace' }, evidence: [
      { rule: 'email', value: 'ada@acme.example' },
      { rule: 'similar_name', value: 'A. Lovelace' }] });
  assert.equal(r.json.truncated, false);
  r = await call(rep, 'GET', '/api/v1/duplicates/contacts');
  assert.deepEqual(r.json.items.map((p) => [p.a.id, p.b.id]), [[kim.id, kim2.id]],
    'a rep sees only pairs of records they may see');
  r = await call(admin, 'GET', '/api/v1/duplicates/contacts?limit=2');
  assert.equal(r.json.items.length, 2);
  assert.equal(r.json.truncated, true);
  r = await call(admin, 'GET', '/api/v1/duplicates/contacts?limit=0');
  assert.equal(r.status, 400);
  r = await call(admin, 'GET', '/api/v1/duplicates/accounts');
  assert.deepEqual(r.json, { items: [], truncated: false });
});

test('a vCard imported again is found by its cards\' UIDs', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const doc = await contract(ctx.url);
  const send = async () => {
    const p = '/api/v1/import/vcard';
    const r = await ctx.api('POST', p, { token, body: CARDS, headers: { 'Content-Type': 'text/vcard' } });
    assert.deepEqual(doc.check('POST', p, r), []);
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  assert.equal((await send()).imported, 3);
  const again = await send();
  assert.equal(again.imported, 0);
  assert.equal(again.skipped, 3);
  const list = await ctx.api('GET', '/api/v1/contacts', { token });
  assert.equal(list.json.items.length, 3);
  assert.ok(list.json.items.every((c) => !('vcard_uid' in c)), 'the UID is kept, not shown');
});
