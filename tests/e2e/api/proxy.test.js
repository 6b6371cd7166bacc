// Behind a load balancer: with --trusted-proxy the login limit counts per
// client address taken from X-Forwarded-For; without it the header is
// ignored, so a client cannot pick its own address.
// Run alone: node --test tests/e2e/api/proxy.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup } = require('./helper');

// Thirty failures (the address limit) lock an address; each uses another
// email so that only the address counter (not a pair's) reaches the limit.
const ADDR_LIMIT = 30;
async function spray(ctx, from) {
  for (let i = 0; i < ADDR_LIMIT; i++) {
    const r = await ctx.api('POST', '/api/v1/auth/login', {
      body: { email: `nobody${i}@example.com`, password: 'wrong password' },
      headers: { 'X-Forwarded-For': `203.0.113.77, ${from}` },
    });
    assert.equal(r.status, 401, `failure ${i}: ${r.status}`);
  }
}

const login = (ctx, from) => ctx.api('POST', '/api/v1/auth/login', {
  body: ADMIN, headers: { 'X-Forwarded-For': from },
});

test('a trusted proxy: each client behind it has its own login limit', async (t) => {
  const ctx = await setup(['--trusted-proxy', '127.0.0.1,::1']);
  t.after(() => ctx.close());
  await spray(ctx, '198.51.100.1');
  assert.equal((await login(ctx, '198.51.100.1')).status, 429);
  assert.equal((await login(ctx, '198.51.100.2')).status, 200);
});

test('without --trusted-proxy X-Forwarded-For is not believed', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  await spray(ctx, '198.51.100.1');
  // the peer (127.0.0.1) is locked, whatever address the header claims
  assert.equal((await login(ctx, '198.51.100.2')).status, 429);
});
