// GET /api/v1/verify: an admin checks the history's hash chain; the answer
// holds to the OpenAPI document, and a hand-edited event is the rule
// refusal history-chain naming it, as `fulcrum verify` does.
// Run alone: node --test tests/e2e/api/verify.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { adminWithContact, contract, runOk, setPassword, tokenFor } = require('./helper');
const { sqlRows } = require('../lib/sql.js');

const RULES = 'https://fulcrum.invalid/problems/rules/';

test('GET /api/v1/verify: the head for admins, the first altered event when broken', async (t) => {
  const { ctx, token, call, account, contact } = await adminWithContact(t);
  const c = await contract(ctx.url);
  const deal = await call('POST', '/api/v1/deals', {
    title: 'Pilot', account_id: account.id, contact_id: contact.id, next_step: { what: 'Call', due: '2026-12-31' },
  });
  assert.equal(deal.status, 201, deal.text);

  const r = await call('GET', '/api/v1/verify');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(c.check('GET', '/api/v1/verify', r), []);
  assert.equal(r.json.ok, true);
  const [[count, last]] = sqlRows(ctx.db, 'SELECT COUNT(*), MAX(id) FROM events');
  assert.equal(r.json.events, Number(count));
  assert.equal(r.json.last_id, Number(last));
  assert.equal(r.json.head, sqlRows(ctx.db, 'SELECT hash FROM event_chains')[0][0]);
  // the CLI says the same
  assert.equal(JSON.parse(runOk(ctx.db, ['--json', 'verify'])).head, r.json.head);

  // admins only
  runOk(ctx.db, ['user', 'add', '--email', 'rita@acme.test', '--name', 'Rita']);
  setPassword(ctx.db, 'rita@acme.test', 'rita-password-1');
  const rep = await tokenFor(ctx, 'rita@acme.test', 'rita-password-1');
  assert.equal((await ctx.api('GET', '/api/v1/verify', { token: rep })).status, 403);

  const [[id]] = sqlRows(ctx.db, `SELECT id FROM events WHERE entity = 'deal' AND entity_id = ${deal.json.id} AND action = 'create'`);
  sqlRows(ctx.db, `UPDATE events SET to_step = 'agree' WHERE id = ${id}`);
  const broken = await ctx.api('GET', '/api/v1/verify', { token });
  assert.equal(broken.status, 422, broken.text);
  assert.deepEqual(c.check('GET', '/api/v1/verify', broken), []);
  assert.equal(broken.json.type, RULES + 'history-chain');
  assert.match(broken.json.detail, new RegExp(`event ${id} \\(deal ${deal.json.id}, create\\): altered: `));
});
