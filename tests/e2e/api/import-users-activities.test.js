// Another CRM's users and activities over the API, as on the CLI:
// POST /api/v1/import/users creates the users inactive (no one signs in as
// them until an admin sets a password and makes them active) and records
// their ids, which then own what later imports name them for; POST
// /api/v1/import/activities makes the done calls interactions on their
// deal, their agreement unknown. Importing users is for admins. SQLite
// and, in the PostgreSQL pass, PostgreSQL.
// Run alone: node --test tests/e2e/api/import-users-activities.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor, setPassword } = require('./helper');

const USERS = 'Id,FirstName,LastName,Email\nU1,Ann,Lee,ann@acme.test\n';
const ACCOUNTS = 'Id,Name,OwnerId\nA1,Alpha,U1\n';
const CONTACTS = 'Id,AccountId,FirstName,LastName,Email,OwnerId\nC1,A1,Pat,Ryan,pat@alpha.test,U1\n';
const DEALS = 'Id,AccountId,Name,StageName,CloseDate,OwnerId\nD1,A1,Alpha deal,Prospecting,2026-06-01,U1\n';
const TASKS = 'Id,WhoId,WhatId,Subject,ActivityDate,Status,OwnerId,TaskSubtype\n'
  + 'T1,C1,D1,Intro call,2026-01-10,Completed,U1,Call\n';

test('users and activities import over the API', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  ctx.cli(['user', 'add', '--email', 'mia@acme.test', '--name', 'Mia Manager', '--role', 'manager']);
  setPassword(ctx.db, 'mia@acme.test', 'manager horse battery');
  const admin = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const manager = await tokenFor(ctx, 'mia@acme.test', 'manager horse battery');
  const post = (what, body, token, query = 'preset=salesforce') => ctx.api('POST',
    `/api/v1/import/${what}?${query}`, { token, body, headers: { 'Content-Type': 'text/csv' } });

  const refused = await post('users', USERS, manager);
  assert.equal(refused.status, 403, refused.text);
  const u = await post('users', USERS, admin);
  assert.equal(u.status, 201, u.text);
  assert.deepEqual([u.json.read, u.json.imported], [1, 1]);
  const team = await ctx.api('GET', '/api/v1/users', { token: admin });
  const ann = team.json.items.find((x) => x.email === 'ann@acme.test');
  assert.equal(ann.active, false);

  for (const [what, body] of [['accounts', ACCOUNTS], ['contacts', CONTACTS], ['deals', DEALS]]) {
    const r = await post(what, body, admin);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.imported, 1, `${what}: ${r.text}`);
    assert.deepEqual(r.json.owners_unknown, {});
  }
  const deals = await ctx.api('GET', '/api/v1/deals', { token: admin });
  assert.equal(deals.json.items[0].owner_id, ann.id, 'the deal is its owner\'s');

  const a = await post('activities', TASKS, admin);
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.imported, 1);
  const calls = await ctx.api('GET', `/api/v1/interactions?deal_id=${deals.json.items[0].id}`,
    { token: admin });
  assert.equal(calls.status, 200, calls.text);
  assert.equal(calls.json.items.length, 1);
  assert.equal(calls.json.items[0].kind, 'call');
  assert.equal(calls.json.items[0].owner_id, ann.id);
  assert.equal(calls.json.items[0].agreement_known, false);
});
