// Sign-in over HTTP: the session cookie and its attributes, auth/me,
// logout, the CSRF check on unsafe methods, the login limit, and the end
// of sessions and tokens when a password changes or a user is deactivated.
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

// The login limit (docs/scaling.md): tests stand for different client
// addresses behind a trusted proxy, as tests/e2e/api/proxy.test.js does.
const PAIR_LIMIT = 10;
const ADDR_LIMIT = 30;
const EMAIL_GAP_MAX = 4; // seconds, AUTH_EMAIL_GAP_MAX
const PROXY = ['--trusted-proxy', '127.0.0.1,::1'];
const from = (ctx, addr, body) => ctx.api('POST', '/api/v1/auth/login', {
  body, headers: { 'X-Forwarded-For': addr },
});
const wrong = (email) => ({ email, password: 'not the password' });

test('login limit: parallel guesses at one email from one address', async (t) => {
  const ctx = await setup(PROXY);
  t.after(() => ctx.close());
  const attacker = '198.51.100.66', home = '203.0.113.5';
  // both addresses have signed in as the admin before, so only the pair's
  // limit applies there (the email's gap is for addresses it does not know)
  for (const a of [attacker, home]) assert.equal((await from(ctx, a, ADMIN)).status, 200);
  const answers = await Promise.all(Array.from({ length: 30 }, () => from(ctx, attacker, wrong(ADMIN.email))));
  const checked = answers.filter((r) => r.status === 401).length;
  const refused = answers.filter((r) => r.status === 429);
  // each attempt is counted before its password is checked, atomically
  assert.equal(checked, PAIR_LIMIT, answers.map((r) => r.status).join(' '));
  assert.equal(refused.length, 30 - PAIR_LIMIT);
  for (const r of refused) {
    assert.equal(r.json.type, 'https://fulcrum.invalid/problems/rate-limit');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.match(r.json.detail, /too many failed logins/);
  }
  // the guesser stays locked, even with the right password ...
  assert.equal((await from(ctx, attacker, ADMIN)).status, 429);
  // ... while the owner, from their own address, gets in
  const owner = await from(ctx, home, ADMIN);
  assert.equal(owner.status, 200, owner.text);
});

test('login limit: guessing from many addresses slows the email down but never locks its owner out', async (t) => {
  const ctx = await setup(PROXY);
  t.after(() => ctx.close());
  const home = '203.0.113.10';
  assert.equal((await from(ctx, home, ADMIN)).status, 200);
  // guesses from ever new addresses: checked, until the email needs a gap
  // between attempts (no address reaches its own limit)
  let n = 0;
  const guessUntilSlowed = async () => {
    for (let i = 0; i < 20; i++) {
      const r = await from(ctx, `198.51.100.${++n}`, wrong(ADMIN.email));
      if (r.status === 429) return r;
      assert.equal(r.status, 401, `guess ${n}: ${r.text}`);
    }
    assert.fail('20 guesses at one email and none was slowed');
  };
  const slowed = await guessUntilSlowed();
  assert.match(slowed.json.detail, /for this email: try again in \d+ seconds/);
  const wait = Number(slowed.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= EMAIL_GAP_MAX, `Retry-After ${wait}`);
  // the owner from home is not kept waiting at all
  assert.equal((await from(ctx, home, ADMIN)).status, 200);
  // from a new address the owner gets in after at most a short, told wait
  await guessUntilSlowed();
  let r;
  for (let i = 0; i < 3; i++) {
    r = await from(ctx, '203.0.113.11', ADMIN);
    if (r.status !== 429) break;
    const s = Number(r.headers.get('retry-after'));
    assert.ok(s >= 1 && s <= EMAIL_GAP_MAX, `Retry-After ${s}`);
    await new Promise((ok) => setTimeout(ok, s * 1000 + 100));
  }
  assert.equal(r.status, 200, r.text);
});

test('login limit: a spray over many emails from one address is stopped, and a valid account there does not reset it', async (t) => {
  const ctx = await setup(PROXY);
  t.after(() => ctx.close());
  const rep = { email: 'sprayer@example.com', password: 'sprayer password 1' };
  assert.equal(ctx.cli(['user', 'add', '--email', rep.email, '--name', 'Spray']).status, 0);
  assert.equal(ctx.cli(['user', 'passwd', rep.email], `${rep.password}\n`).status, 0);
  const addr = '198.51.100.99';
  for (let i = 0; i < ADDR_LIMIT - 1; i++) {
    const r = await from(ctx, addr, wrong(`victim${i}@example.com`));
    assert.equal(r.status, 401, `guess ${i}: ${r.text}`);
  }
  // the sprayer's own account signs in: that is not a failure, and it
  // does not clear the address's failures either
  assert.equal((await from(ctx, addr, rep)).status, 200);
  assert.equal((await from(ctx, addr, wrong('victim-last@example.com'))).status, 401);
  for (const body of [wrong('victim-more@example.com'), rep, ADMIN]) {
    const r = await from(ctx, addr, body);
    assert.equal(r.status, 429, `${body.email} from the locked address`);
  }
  // another address is not concerned
  assert.equal((await from(ctx, '203.0.113.20', ADMIN)).status, 200);
});

test('a new password or deactivation ends sessions and API tokens, for good', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const user = { email: 'rita@example.com', password: 'rita password 1' };
  assert.equal(ctx.cli(['user', 'add', '--email', user.email, '--name', 'Rita']).status, 0);
  assert.equal(ctx.cli(['user', 'passwd', user.email], `${user.password}\n`).status, 0);
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const signIn = async () => {
    const s = await ctx.login(user.email, user.password);
    const r = await ctx.api('POST', '/api/v1/tokens', { session: s, body: { name: 'cli' } });
    assert.equal(r.status, 201, r.text);
    return { session: s, token: r.json.token };
  };
  const alive = async ({ session, token }) => [
    (await ctx.api('GET', '/api/v1/auth/me', { session })).status,
    (await ctx.api('GET', '/api/v1/auth/me', { token })).status,
  ];
  const setActive = async (id, active) => {
    const cur = await ctx.api('GET', `/api/v1/users/${id}`, { session: admin });
    const r = await ctx.api('PATCH', `/api/v1/users/${id}`, {
      session: admin, body: { active }, headers: { 'If-Match': cur.headers.get('etag') },
    });
    assert.equal(r.status, 200, r.text);
  };

  await t.test('a password set through the CLI', async () => {
    const old = await signIn();
    assert.deepEqual(await alive(old), [200, 200]);
    const r = ctx.cli(['user', 'passwd', user.email], `${user.password}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await alive(old), [401, 401]);
  });

  await t.test('deactivated through the API, then made active again', async () => {
    const old = await signIn();
    await setActive(old.session.user.id, false);
    assert.deepEqual(await alive(old), [401, 401]);
    await setActive(old.session.user.id, true);
    assert.deepEqual(await alive(old), [401, 401], 'old sessions and tokens stay dead');
    const fresh = await signIn();
    assert.deepEqual(await alive(fresh), [200, 200]);
  });

  await t.test('deactivated through the CLI, then made active again', async () => {
    const old = await signIn();
    let r = ctx.cli(['user', 'edit', user.email, '--active', 'false']);
    assert.equal(r.status, 0, r.stderr);
    r = ctx.cli(['user', 'edit', String(old.session.user.id), '--active', 'true']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await alive(old), [401, 401]);
  });
});
