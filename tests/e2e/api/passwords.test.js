// Passwords from the browser's side of the API: an admin creates a user
// with a first password and resets it; every user changes their own, with
// the current one; a new password ends the user's sessions; the hash is
// never answered nor written to the history.
// Run alone: node --test tests/e2e/api/passwords.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup } = require('./helper');
const { sqlRows } = require('../lib/sql.js');

test('users get, reset and change their passwords', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const A = (method, p, body, headers) => ctx.api(method, p, { session: admin, body, headers });

  // a first password: too short is refused naming the field, nothing made
  let r = await A('POST', '/api/v1/users', { name: 'Rita Rep', email: 'rita@example.com', password: 'short' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'password');
  assert.match(r.json.detail, /too short \(at least 8 characters\)/);
  assert.equal((await A('GET', '/api/v1/users?email=rita@example.com')).json.items.length, 0);

  r = await A('POST', '/api/v1/users', { name: 'Rita Rep', email: 'rita@example.com', password: 'first password' });
  assert.equal(r.status, 201, r.text);
  const rita = r.json;
  assert.equal(rita.role, 'rep');
  assert.ok(!('password' in rita) && !('password_hash' in rita), 'no password in the answer');
  let rs = await ctx.login('rita@example.com', 'first password');
  assert.equal(rs.user.id, rita.id);

  // a rep cannot set another user's password, nor create users
  r = await ctx.api('PATCH', `/api/v1/users/${admin.user.id}`, { session: rs, body: { password: 'taken over!' } });
  assert.equal(r.status, 403, r.text);

  // her own change: the current password must be right; the session stays
  r = await ctx.api('POST', '/api/v1/auth/password', { session: rs, body: { current_password: 'wrong one', password: 'second password' } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'current_password');
  assert.equal((await ctx.api('GET', '/api/v1/auth/me', { session: rs })).status, 200);
  r = await ctx.api('POST', '/api/v1/auth/password', { session: rs, body: { current_password: 'first password' } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'password');
  r = await ctx.api('POST', '/api/v1/auth/password', { session: rs, body: { current_password: 'first password', password: 'second password' } });
  assert.equal(r.status, 204, r.text);
  assert.match(r.headers.get('set-cookie') || '', /Max-Age=0/);
  assert.equal((await ctx.api('GET', '/api/v1/auth/me', { session: rs })).status, 401, 'the old session ended');
  await assert.rejects(ctx.login('rita@example.com', 'first password'));
  rs = await ctx.login('rita@example.com', 'second password');

  // an admin's reset ends her sessions; the new password signs in
  const now = (await A('GET', `/api/v1/users/${rita.id}`)).json;
  r = await A('PATCH', `/api/v1/users/${rita.id}`, { password: 'reset by admin', team: 'East' }, { 'If-Match': `"${now.version}"` });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.team, 'East');
  assert.equal((await ctx.api('GET', '/api/v1/auth/me', { session: rs })).status, 401, 'her session ended');
  await ctx.login('rita@example.com', 'reset by admin');

  // the hash is in no answer and no history event (must_change_password,
  // a flag, may be)
  const secret = /argon2|"password(_hash)?"/;
  const shown = ctx.cli(['--json', 'user', 'show', 'rita@example.com']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.ok(!secret.test(shown.stdout), shown.stdout);
  const list = (await A('GET', '/api/v1/users')).text;
  assert.ok(!secret.test(list), 'the list carries no hash');
  const rows = sqlRows(ctx.db, "SELECT data FROM events WHERE entity = 'user'");
  assert.ok(rows.length >= 2, 'create and update events exist');
  for (const [data] of rows) assert.ok(!secret.test(data), data);
});
