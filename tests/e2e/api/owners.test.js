// A user given by id, e-mail or full name (an owner, a list filter, an
// owner in a record's body) is found by one core function: the CLI and the API take the same references for the
// same report, and both refuse a user that does not exist, by name,
// instead of answering with an empty list.
// Run alone: node --test tests/e2e/api/owners.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper');

test('CLI and API resolve owners alike', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const me = (await ctx.api('GET', '/api/v1/users', { token })).json.items
    .find((u) => u.email === ADMIN.email);

  for (const ref of [String(me.id), ADMIN.email, ADMIN.email.toUpperCase(), me.name,
    `  ${me.name.toUpperCase()} `]) {
    const a = await ctx.api('GET', `/api/v1/reports/winrate?owner=${encodeURIComponent(ref)}`, { token });
    assert.equal(a.status, 200, `API owner=${ref}: ${a.text}`);
    const c = ctx.cli(['--json', 'report', 'winrate', '--owner', ref]);
    assert.equal(c.status, 0, `CLI --owner ${ref}: ${c.stderr}`);
    assert.deepEqual(JSON.parse(c.stdout), a.json, `owner ${ref}`);
  }

  // a record's owner in the body, by name
  const made = await ctx.api('POST', '/api/v1/accounts', { token,
    body: { name: 'Owned by name', owner_id: me.name.toLowerCase() } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.owner_id, me.id);
  const bad = await ctx.api('POST', '/api/v1/accounts', { token,
    body: { name: 'Owned by nobody', owner_id: 'Nobody Atall' } });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.detail, "no user 'Nobody Atall'");

  for (const ref of ['999999', 'nobody@example.com', 'Nobody Atall']) {
    const a = await ctx.api('GET', `/api/v1/reports/winrate?owner=${encodeURIComponent(ref)}`, { token });
    assert.equal(a.status, 404, a.text);
    assert.equal(a.json.detail, `no user '${ref}'`);
    const c = ctx.cli(['report', 'winrate', '--owner', ref]);
    assert.equal(c.status, 3, c.stderr);
    assert.ok(c.stderr.includes(`no user '${ref}'`), c.stderr);
    const l = ctx.cli(['deal', 'list', '--owner', ref]);
    assert.equal(l.status, 3, `deal list --owner ${ref}: ${l.stdout}${l.stderr}`);
    assert.ok(l.stderr.includes(`no user '${ref}'`), l.stderr);
  }
});
