// The server's envelope: security headers on every answer, 404/405
// problems, /healthz, /metrics (admins only, or on its own listener without
// sign-in), static assets with ETags and the
// single-page fallback, and the access log.
// Run alone: node --test tests/e2e/api/http.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setPassword, setup, tokenFor } = require('./helper');

test('http envelope', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);

  const secure = (r, what) => {
    assert.match(r.headers.get('content-security-policy') || '', /default-src 'self'/, what);
    assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, what);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', what);
    assert.ok(r.headers.get('cache-control'), what);
  };

  await t.test('security headers on API, problem, static and health answers', async () => {
    const answers = {
      me: await ctx.api('GET', '/api/v1/auth/me', { token }),
      unauthorized: await ctx.api('GET', '/api/v1/auth/me'),
      missing: await ctx.api('GET', '/api/v1/nothing-here', { token }),
      health: await ctx.api('GET', '/healthz'),
      root: await ctx.api('GET', '/'),
    };
    for (const [what, r] of Object.entries(answers)) secure(r, what);
    assert.equal(answers.me.headers.get('cache-control'), 'no-store');
  });

  await t.test('unknown API paths are a 404 problem', async () => {
    const r = await ctx.api('GET', '/api/v1/nothing-here', { token });
    assert.equal(r.status, 404);
    assert.equal(r.json.type, 'https://fulcrum.invalid/problems/not-found');
    assert.equal(r.json.instance, '/api/v1/nothing-here');
    const post = await ctx.api('POST', '/api/v1/nothing-here', { token, body: {} });
    assert.equal(post.status, 404);
  });

  await t.test('a wrong method is 405 with Allow', async () => {
    const r = await ctx.api('PUT', '/api/v1/tokens', { token, body: {} });
    assert.equal(r.status, 405);
    const allow = r.headers.get('allow').split(/,\s*/).sort();
    assert.deepEqual(allow, ['GET', 'HEAD', 'POST']);
    assert.equal(r.json.status, 405);
    const d = await ctx.api('GET', '/api/v1/tokens/1', { token });
    assert.equal(d.status, 405);
    assert.equal(d.headers.get('allow'), 'DELETE');
  });

  await t.test('/healthz checks the database', async () => {
    const r = await ctx.api('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  await t.test('/metrics is for admins only', async () => {
    const anon = await ctx.api('GET', '/metrics');
    assert.equal(anon.status, 401);
    assert.doesNotMatch(anon.text, /fulcrum_http_requests_total/);
    assert.equal(ctx.cli(['user', 'add', '--email', 'manager@example.com', '--name', 'Max Manager', '--role', 'manager']).status, 0);
    setPassword(ctx.db, 'manager@example.com', 'manager password 1');
    const managerTok = await tokenFor(ctx, 'manager@example.com', 'manager password 1');
    const manager = await ctx.api('GET', '/metrics', { token: managerTok });
    assert.equal(manager.status, 403);
    assert.doesNotMatch(manager.text, /fulcrum_http_requests_total/);
  });

  await t.test('/metrics counts requests by route pattern and status', async () => {
    await ctx.api('DELETE', '/api/v1/tokens/424242', { token });
    const r = await ctx.api('GET', '/metrics', { token });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(r.text, /fulcrum_http_requests_total\{method="DELETE",route="\/api\/v1\/tokens\/\{id\}",status="404"\} 1/);
    assert.match(r.text, /fulcrum_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    assert.match(r.text, /fulcrum_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
    assert.match(r.text, /fulcrum_http_request_duration_seconds_count \d+/);
    assert.match(r.text, /fulcrum_db_seconds_total [0-9.]+/);
    assert.match(r.text, /fulcrum_db_wait_seconds_total [0-9.]+/);
  });

  await t.test('static files: index at /, fallback for app routes, ETag revalidation', async () => {
    const root = await fetch(ctx.url + '/');
    const body = await root.text();
    if (root.status === 404) {
      // A build without web assets: only the problem answer.
      assert.match(root.headers.get('content-type'), /problem\+json/);
      return;
    }
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type'), /^text\/html/);
    const etag = root.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    const again = await fetch(ctx.url + '/', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const deep = await fetch(ctx.url + '/deals/12');
    assert.equal(deep.status, 200);
    assert.equal(await deep.text(), body, 'app routes fall back to index.html');
    const api = await fetch(ctx.url + '/api/v1/deals-nope');
    assert.equal(api.status, 404, 'unknown API paths never fall back');
  });

  await t.test('the access log has one line per request, without the query', async () => {
    await ctx.api('GET', '/api/v1/tokens?secret=hunter2', { token });
    await new Promise((res) => setTimeout(res, 50));
    const lines = ctx.server.stderr.split('\n').filter((l) => l.startsWith('http GET /api/v1/tokens '));
    assert.ok(lines.length >= 1, ctx.server.stderr);
    assert.match(lines[lines.length - 1], /^http GET \/api\/v1\/tokens 200 \d+ [0-9.]+ms user=\d+$/);
    assert.ok(!ctx.server.stderr.includes('hunter2'));
    assert.ok(!ctx.server.stderr.includes(token.slice(3)));
  });
});

test('--metrics-listen serves /metrics without sign-in on its own address', async (t) => {
  const ctx = await setup(['--metrics-listen', '127.0.0.1:0']);
  t.after(() => ctx.close());
  const m = ctx.server.stdout.match(/metrics on (http:\/\/\S+)/);
  assert.ok(m, `no "metrics on URL" line in: ${ctx.server.stdout}`);
  assert.notEqual(m[1], ctx.url);
  await ctx.api('GET', '/healthz');
  const r = await fetch(m[1] + '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  assert.match(await r.text(), /fulcrum_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  assert.equal((await fetch(m[1] + '/api/v1/auth/me')).status, 404, 'only /metrics there');
  assert.equal((await ctx.api('GET', '/metrics')).status, 401, 'still for admins on the main address');
});
