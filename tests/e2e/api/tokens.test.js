// API tokens: created over HTTP or with `fulcrum token add`, shown once,
// listed without the secret, used as `Authorization: Bearer`, revoked.
// Run alone: node --test tests/e2e/api/tokens.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup } = require('./helper');

test('bearer tokens', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const s = await ctx.login(ADMIN.email, ADMIN.password);
  let created;

  await t.test('POST /tokens returns the secret once, with Location', async () => {
    const r = await ctx.api('POST', '/api/v1/tokens', { session: s, body: { name: 'ci' } });
    assert.equal(r.status, 201);
    assert.match(r.json.token, /^fc_[0-9a-f]{64}$/);
    assert.equal(r.json.name, 'ci');
    assert.ok(Number.isInteger(r.json.id));
    assert.equal(r.headers.get('location'), `/api/v1/tokens/${r.json.id}`);
    created = r.json;
  });

  await t.test('the token authenticates without a cookie and without csrf', async () => {
    const me = await ctx.api('GET', '/api/v1/auth/me', { token: created.token });
    assert.equal(me.status, 200);
    assert.equal(me.json.user.email, ADMIN.email);
    assert.equal(me.json.csrf_token, undefined);
    const post = await ctx.api('POST', '/api/v1/tokens', { token: created.token, body: {} });
    assert.equal(post.status, 201);
    assert.equal(post.json.name, null);
  });

  await t.test('the list never shows a secret', async () => {
    const r = await ctx.api('GET', '/api/v1/tokens', { token: created.token });
    assert.equal(r.status, 200);
    const mine = r.json.items.find((x) => x.id === created.id);
    assert.equal(mine.name, 'ci');
    assert.equal(mine.revoked, false);
    assert.ok(mine.last_used_at, 'last use is recorded');
    assert.ok(!r.text.includes(created.token.slice(3)));
    assert.ok(!/token_hash|fc_[0-9a-f]{10}/.test(r.text));
  });

  await t.test('malformed Authorization headers and unknown tokens are 401', async () => {
    for (const h of ['Basic YWRtaW46eA==', 'Bearer', 'Bearer fc_nothex', 'Bearer fc_' + '0'.repeat(64)]) {
      const r = await ctx.api('GET', '/api/v1/auth/me', { headers: { Authorization: h } });
      assert.equal(r.status, 401, h);
      assert.equal(r.json.status, 401);
    }
  });

  await t.test('a revoked token stops working', async () => {
    const other = await ctx.api('POST', '/api/v1/tokens', { session: s, body: { name: 'tmp' } });
    const del = await ctx.api('DELETE', `/api/v1/tokens/${other.json.id}`, { token: created.token });
    assert.equal(del.status, 204);
    const me = await ctx.api('GET', '/api/v1/auth/me', { token: other.json.token });
    assert.equal(me.status, 401);
    const again = await ctx.api('DELETE', `/api/v1/tokens/${other.json.id}`, { token: created.token });
    assert.equal(again.status, 204, 'revoking twice is harmless');
    const missing = await ctx.api('DELETE', '/api/v1/tokens/999999', { token: created.token });
    assert.equal(missing.status, 404);
    const bad = await ctx.api('DELETE', '/api/v1/tokens/abc', { token: created.token });
    assert.equal(bad.status, 404);
  });

  await t.test('unknown fields, wrong types and long names are 400', async () => {
    let r = await ctx.api('POST', '/api/v1/tokens', { token: created.token, body: { name: 'x', scope: 'all' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'scope');
    r = await ctx.api('POST', '/api/v1/tokens', { token: created.token, body: { name: 5 } });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'name');
    assert.match(r.json.detail, /'name' must be a string/);
    r = await ctx.api('POST', '/api/v1/tokens', { token: created.token, body: { name: 'n'.repeat(201) } });
    assert.equal(r.status, 400);
  });

  await t.test('fulcrum token add/list/revoke on the command line', async () => {
    const add = ctx.cli(['token', 'add', '--name', 'cli']);
    assert.equal(add.status, 0, add.stderr);
    const token = add.stdout.trim();
    assert.match(token, /^fc_[0-9a-f]{64}$/);
    const me = await ctx.api('GET', '/api/v1/auth/me', { token });
    assert.equal(me.status, 200);
    const list = ctx.cli(['--json', 'token', 'list']);
    assert.equal(list.status, 0, list.stderr);
    const items = JSON.parse(list.stdout);
    const row = (Array.isArray(items) ? items : items.items).find((x) => x.name === 'cli');
    assert.ok(row);
    const rev = ctx.cli(['token', 'revoke', String(row.id)]);
    assert.equal(rev.status, 0, rev.stderr);
    const after = await ctx.api('GET', '/api/v1/auth/me', { token });
    assert.equal(after.status, 401);
    const gone = ctx.cli(['token', 'revoke', '999999']);
    assert.equal(gone.status, 3);
    const usage = ctx.cli(['token', 'revoke', 'abc']);
    assert.equal(usage.status, 2);
  });
});
