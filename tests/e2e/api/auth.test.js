// Sign-in over HTTP: the session cookie and its attributes, auth/me,
// logout, the CSRF check on unsafe methods, and the login rate limit.
// Run alone: node --test tests/e2e/api/auth.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup } = require('./helper');

test('sessions', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());

  await t.test('login sets an HttpOnly, SameSite=Strict cookie and returns the csrf token', async () => {
    const r = await ctx.api('POST', '/api/v1/auth/login', { body: ADMIN });
    assert.equal(r.status, 200);
    const c = r.headers.get('set-cookie');
    assert.match(c, /^fulcrum_session=[0-9a-f]{64};/);
    assert.match(c, /HttpOnly/);
    assert.match(c, /SameSite=Strict/);
    assert.match(c, /Path=\//);
    assert.doesNotMatch(c, /Secure/);
    assert.equal(r.json.user.email, ADMIN.email);
    assert.equal(r.json.user.role, 'admin');
    assert.match(r.json.csrf_token, /^[0-9a-f]{64}$/);
    assert.equal(r.json.user.password_hash, undefined);
  });

  await t.test('email is matched without regard to case', async () => {
    const r = await ctx.api('POST', '/api/v1/auth/login', {
      body: { email: ADMIN.email.toUpperCase(), password: ADMIN.password },
    });
    assert.equal(r.status, 200);
  });

  await t.test('wrong password and unknown email answer the same 401 problem', async () => {
    const a = await ctx.api('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'wrong password' } });
    const b = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'wrong password' } });
    for (const r of [a, b]) {
      assert.equal(r.status, 401);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(r.json.type, 'https://fulcrum.invalid/problems/unauthorized');
      assert.equal(r.json.status, 401);
      assert.equal(r.json.detail, 'wrong email or password');
      assert.equal(r.headers.get('set-cookie'), null);
    }
  });

  await t.test('missing password is a 400 naming the field', async () => {
    const r = await ctx.api('POST', '/api/v1/auth/login', { body: { email: ADMIN.email } });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'password');
  });

  await t.test('auth/me with the cookie returns the user and the csrf token', async () => {
    const s = await ctx.login(ADMIN.email, ADMIN.password);
    const r = await ctx.api('GET', '/api/v1/auth/me', { session: s });
    assert.equal(r.status, 200);
    assert.equal(r.json.user.email, ADMIN.email);
    assert.equal(r.json.csrf_token, s.csrf);
  });

  await t.test('without credentials the API answers 401 with WWW-Authenticate', async () => {
    const r = await ctx.api('GET', '/api/v1/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    assert.equal(r.json.type, 'https://fulcrum.invalid/problems/unauthorized');
  });

  await t.test('a forged cookie is refused', async () => {
    const r = await ctx.api('GET', '/api/v1/auth/me', {
      headers: { Cookie: 'fulcrum_session=' + 'a'.repeat(64) },
    });
    assert.equal(r.status, 401);
  });

  await t.test('unsafe methods with the cookie need X-CSRF-Token', async () => {
    const s = await ctx.login(ADMIN.email, ADMIN.password);
    const none = await ctx.api('POST', '/api/v1/tokens', { session: s, csrf: false, body: { name: 'x' } });
    assert.equal(none.status, 403);
    assert.equal(none.json.type, 'https://fulcrum.invalid/problems/csrf');
    const wrong = await ctx.api('POST', '/api/v1/tokens', {
      session: s, csrf: false, body: { name: 'x' },
      headers: { 'X-CSRF-Token': 'b'.repeat(64) },
    });
    assert.equal(wrong.status, 403);
    const other = await ctx.login(ADMIN.email, ADMIN.password);
    const crossed = await ctx.api('POST', '/api/v1/tokens', {
      session: { cookie: s.cookie, csrf: other.csrf }, body: { name: 'x' },
    });
    assert.equal(crossed.status, 403, "another session's csrf token does not count");
    const ok = await ctx.api('POST', '/api/v1/tokens', { session: s, body: { name: 'x' } });
    assert.equal(ok.status, 201);
    const get = await ctx.api('GET', '/api/v1/tokens', { session: s, csrf: false });
    assert.equal(get.status, 200, 'safe methods need no csrf token');
  });

  await t.test('logout ends the session and clears the cookie', async () => {
    const s = await ctx.login(ADMIN.email, ADMIN.password);
    const r = await ctx.api('POST', '/api/v1/auth/logout', { session: s });
    assert.equal(r.status, 204);
    assert.match(r.headers.get('set-cookie'), /^fulcrum_session=;.*Max-Age=0/);
    const me = await ctx.api('GET', '/api/v1/auth/me', { session: s });
    assert.equal(me.status, 401);
  });

  await t.test('logout with the cookie also needs the csrf token', async () => {
    const s = await ctx.login(ADMIN.email, ADMIN.password);
    const r = await ctx.api('POST', '/api/v1/auth/logout', { session: s, csrf: false });
    assert.equal(r.status, 403);
    const me = await ctx.api('GET', '/api/v1/auth/me', { session: s });
    assert.equal(me.status, 200);
  });

  await t.test('a new password ends open sessions', async () => {
    const s = await ctx.login(ADMIN.email, ADMIN.password);
    const r = ctx.cli(['user', 'passwd', ADMIN.email], ADMIN.password + '\n');
    assert.equal(r.status, 0, r.stderr);
    const me = await ctx.api('GET', '/api/v1/auth/me', { session: s });
    assert.equal(me.status, 401);
  });
});

test('secure cookies behind TLS', async (t) => {
  const ctx = await setup(['--secure-cookies']);
  t.after(() => ctx.close());
  const s = await ctx.login(ADMIN.email, ADMIN.password);
  assert.match(s.setCookie, /; Secure/);
});

test('login rate limit: slow after 5 failures, locked after 10, per email and address', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const bad = { email: ADMIN.email, password: 'not the password' };
  for (let i = 1; i <= 4; i++) {
    const r = await ctx.api('POST', '/api/v1/auth/login', { body: bad });
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  let t0 = Date.now();
  let r = await ctx.api('POST', '/api/v1/auth/login', { body: bad });
  assert.equal(r.status, 401);
  // The fifth failure is recorded; the next answers are slowed down.
  for (let i = 6; i <= 10; i++) {
    t0 = Date.now();
    r = await ctx.api('POST', '/api/v1/auth/login', { body: bad });
    assert.equal(r.status, 401, `attempt ${i}`);
    assert.ok(Date.now() - t0 >= 900, `attempt ${i} answered slowly`);
  }
  // Locked: even the right password is refused, with Retry-After.
  r = await ctx.api('POST', '/api/v1/auth/login', { body: ADMIN });
  assert.equal(r.status, 429);
  assert.equal(r.json.type, 'https://fulcrum.invalid/problems/rate-limit');
  const after = Number(r.headers.get('retry-after'));
  assert.ok(after > 800 && after <= 900, `Retry-After ${after}`);
  // The lock is per client address too: another email from here is refused.
  r = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'other@example.com', password: 'whatever1' } });
  assert.equal(r.status, 429);
});
