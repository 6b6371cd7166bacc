// GET /api/v1/openapi.json against the real server: the document lints as
// OpenAPI 3.1 (Redocly CLI), it lists exactly the routes of the route table
// (src/http/routes/*.c), every documented operation answers (never 404 or
// 405), and a walk over every resource gets answers whose status is
// documented and whose bodies validate against the response schemas; each
// operation that takes If-Match refuses a stale one with 412.
// Run alone: node --test tests/e2e/api/openapi.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, ROOT, contract, setup, setPassword, tokenFor } = require('./helper');

const PW = 'rep password 123';
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

// "METHOD /pattern" of every row in the route table's source.
function routeTableRows() {
  const dir = path.join(ROOT, 'src', 'http', 'routes');
  const rows = new Set();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.c'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/\{\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"/g)) {
      rows.add(`${m[1]} ${m[2]}`);
    }
  }
  return rows;
}

function operations(doc) {
  const ops = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) ops.push({ method: m.toUpperCase(), path: p, op });
  }
  return ops;
}

test('openapi.json', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const c = await contract(ctx.url);
  const { doc } = c;

  await t.test('is an OpenAPI 3.1 document that lints clean', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.info.title && doc.info.version);
    for (const s of ['Problem', 'Deal', 'DealCreate', 'DealDetail', 'Account', 'AccountCreate', 'AccountUpdate']) {
      assert.ok(doc.components.schemas[s], `schema ${s}`);
    }
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearerAuth', 'csrfToken', 'sessionCookie']);
    const problem = doc.components.schemas.Problem.properties;
    for (const k of ['type', 'title', 'status', 'detail', 'instance', 'rule', 'field']) assert.ok(problem[k], k);
    const file = path.join(ctx.dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc, null, 1));
    const bin = path.join(ROOT, 'node_modules', '.bin', 'redocly');
    assert.ok(fs.existsSync(bin), 'npm ci installs @redocly/cli');
    const r = spawnSync(bin, ['lint', file, '--format', 'stylish'], {
      encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 120000,
    });
    assert.equal(r.status, 0, `redocly lint:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout + r.stderr, /valid/);
  });

  await t.test('the document is generated from the tables: entity fields, enums, bounds, filters', () => {
    const s = doc.components.schemas;
    // entities.c: deal title required, 200 bytes; status read-only enum.
    assert.ok(s.DealCreate.required.includes('title'));
    assert.equal(s.DealCreate.properties.title.maxLength, 200);
    assert.equal(s.DealCreate.properties.status, undefined, 'internal fields are not input');
    assert.deepEqual(s.Deal.properties.status.enum, ['open', 'won', 'lost', 'disqualified', null]);
    assert.equal(s.Deal.properties.status.readOnly, true);
    assert.equal(s.WantCreate.properties.importance.maximum, 5);
    assert.equal(s.WantUpdate.properties.deal_id, undefined, 'create-only fields are not in the patch');
    assert.equal(s.AccountCreate.additionalProperties, false);
    const list = doc.paths['/api/v1/deals'].get.parameters.map((p) => p.name || p.$ref);
    for (const k of ['status', 'step', 'owner_id', 'sort']) assert.ok(list.includes(k), k);
    assert.ok(list.includes('#/components/parameters/limit'));
    assert.ok(doc.paths['/api/v1/deals/{id}'].patch.parameters.some((p) => p.$ref === '#/components/parameters/ifMatch'));
    assert.ok(doc.paths['/api/v1/deals/{id}/advance'].post.responses['422']);
    assert.ok(doc.paths['/api/v1/auth/login'].post.responses['429']);
    assert.deepEqual(doc.paths['/api/v1/auth/login'].post.security, []);
    assert.ok(doc.paths['/api/v1/users'].post.responses['403']);
    for (const { method, path: p, op } of operations(doc)) {
      assert.ok(op.summary && op.summary.length <= 120 && !op.summary.includes('\n'), `${method} ${p} has a short summary`);
    }
  });

  await t.test('documents exactly the route table', () => {
    const rows = routeTableRows();
    const documented = new Set(operations(doc).map((o) => `${o.method} ${o.path}`));
    assert.ok(rows.size > 40);
    assert.deepEqual([...documented].sort(), [...rows].sort());
  });

  await t.test('every documented operation answers, with a documented status', async () => {
    const problems = [];
    for (const { method, path: p } of operations(doc)) {
      const real = p.replace('{key}', 'default').replace(/\{[^}]+\}/g, '1');
      const r = await ctx.api(method, real);
      assert.ok(r.status !== 404 || /\{/.test(p), `${method} ${real} answered 404`);
      assert.notEqual(r.status, 405, `${method} ${real}`);
      problems.push(...c.check(method, real, r));
    }
    assert.deepEqual(problems, []);
    for (const bad of ['/api/v1/nonsense', '/api/v1/deals/1/explode']) {
      const r = await ctx.api('GET', bad);
      assert.equal(r.status, 404);
      assert.equal(c.operationOf('GET', bad), null);
    }
  });

  await t.test('a walk over every resource validates against the response schemas', async () => {
    const r1 = ctx.cli(['user', 'add', '--email', 'rep@example.com', '--name', 'Rep', '--role', 'rep']);
    assert.equal(r1.status, 0, r1.stderr);
    setPassword(ctx.db, 'rep@example.com', PW);
    const adminTok = await tokenFor(ctx, ADMIN.email, ADMIN.password);
    const repTok = await tokenFor(ctx, 'rep@example.com', PW);
    const problems = [];
    const call = async (token, method, p, body, headers) => {
      const r = await ctx.api(method, p, { token, body, headers });
      problems.push(...c.check(method, p, r));
      return r;
    };
    const A = (...a) => call(adminTok, ...a);
    // for routes that do not exist, so the document rightly lacks them
    const absent = (method, p) => ctx.api(method, p, { token: adminTok });
    const R = (...a) => call(repTok, ...a);
    const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };
    const stale = { 'If-Match': '"999999"' };

    ok(await A('GET', '/healthz'), 200);
    ok(await A('GET', '/metrics'), 200);
    assert.equal((await R('GET', '/metrics')).status, 403);
    ok(await A('GET', '/api/v1/openapi.json'), 200);
    // auth: login (and a bad one), me, logout
    let r = await ctx.api('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: 'wrong' } });
    problems.push(...c.check('POST', '/api/v1/auth/login', r));
    assert.equal(r.status, 401);
    r = await ctx.api('POST', '/api/v1/auth/login', { body: ADMIN });
    problems.push(...c.check('POST', '/api/v1/auth/login', r));
    const session = { cookie: r.headers.get('set-cookie').split(';')[0], csrf: r.json.csrf_token };
    r = await ctx.api('GET', '/api/v1/auth/me', { session });
    problems.push(...c.check('GET', '/api/v1/auth/me', r));
    ok(r, 200);
    r = await ctx.api('POST', '/api/v1/auth/logout', { session, csrf: false });
    problems.push(...c.check('POST', '/api/v1/auth/logout', r));
    assert.equal(r.status, 403);
    r = await ctx.api('POST', '/api/v1/auth/logout', { session });
    problems.push(...c.check('POST', '/api/v1/auth/logout', r));
    assert.equal(r.status, 204);

    // tokens
    const tok = ok(await A('POST', '/api/v1/tokens', { name: 'spare' }), 201);
    ok(await A('GET', '/api/v1/tokens'), 200);
    assert.equal((await A('DELETE', `/api/v1/tokens/${tok.id}`)).status, 204);

    // users
    const user = ok(await A('POST', '/api/v1/users', { email: 'temp@example.com', name: 'Temp', role: 'rep' }), 201);
    ok(await A('GET', '/api/v1/users'), 200);
    ok(await R('GET', `/api/v1/users/${user.id}`), 200);
    assert.equal((await R('PATCH', `/api/v1/users/${user.id}`, { team: 'north' })).status, 403);
    assert.equal((await A('PATCH', `/api/v1/users/${user.id}`, { team: 'x' }, stale)).status, 412);
    ok(await A('PATCH', `/api/v1/users/${user.id}`, { team: 'north' }), 200);
    assert.equal((await A('POST', '/api/v1/users', { email: 'temp@example.com', name: 'Again' })).status, 409);
    ok(await R('POST', '/api/v1/users/me/calendar-token'), 201);

    // accounts, contacts, offerings: the plain records
    const made = {};
    for (const [res, body, patch] of [
      ['accounts', { name: 'Acme', domain: 'acme.example', status: 'prospect' }, { industry: 'Tools' }],
      ['contacts', { name: 'Carol', email: 'carol@acme.example', need: 'cheaper tools', timing_from: inDays(-1), timing_to: inDays(30) }, { title: 'Buyer' }],
      ['offerings', { name: 'Toolkit', price: 100.5, currency: 'EUR' }, { benefits: 'fewer breakdowns' }],
    ]) {
      const rec = ok(await (res === 'offerings' ? A : R)('POST', `/api/v1/${res}`, body), 201);
      made[res] = rec;
      ok(await R('GET', `/api/v1/${res}?limit=5&sort=-id`), 200);
      ok(await R('GET', `/api/v1/${res}/${rec.id}`), 200);
      assert.equal((await A('PATCH', `/api/v1/${res}/${rec.id}`, patch, stale)).status, 412);
      ok(await (res === 'offerings' ? A : R)('PATCH', `/api/v1/${res}/${rec.id}`, patch), 200);
      assert.equal((await A('POST', `/api/v1/${res}`, { name: 42 })).status, 400);
      assert.equal((await R('GET', `/api/v1/${res}/999999`)).status, 404);
      const spare = ok(await A('POST', `/api/v1/${res}`, { name: 'spare' }), 201);
      assert.equal((await A('DELETE', `/api/v1/${res}/${spare.id}`, undefined, stale)).status, 412);
      assert.equal((await A('DELETE', `/api/v1/${res}/${spare.id}`)).status, 204);
    }
    ok(await R('PATCH', `/api/v1/contacts/${made.contacts.id}`, { account_id: made.accounts.id }), 200);

    // deals and everything that hangs off them
    const base = { title: 'Acme tools', account_id: made.accounts.id, contact_id: made.contacts.id, value: 1200, close_date: inDays(60) };
    assert.equal((await R('POST', '/api/v1/deals', base)).status, 422);
    const deal = ok(await R('POST', '/api/v1/deals', { ...base, next_step: { what: 'intro call', due: inDays(2) } }), 201);
    const D = `/api/v1/deals/${deal.id}`;
    ok(await R('GET', '/api/v1/deals?status=open&sort=title'), 200);
    ok(await R('GET', D), 200);
    assert.equal((await R('PATCH', D, { value: 1500 }, stale)).status, 412);
    ok(await R('PATCH', D, { value: 1500 }), 200);
    assert.equal((await R('POST', `${D}/advance`, {}, stale)).status, 412);
    ok(await R('POST', `${D}/advance`), 200); // engage holds: need and timing
    assert.equal((await R('POST', `${D}/advance`)).status, 422); // comfort not reached
    assert.equal((await R('POST', `${D}/advance`, { force: true, reason: 'x' })).status, 403);
    ok(await A('POST', `${D}/advance`, { force: true, reason: 'known customer' }), 200);
    ok(await R('GET', `${D}/history`), 200);
    ok(await R('PUT', `${D}/stakeholders/${made.contacts.id}`, { role: 'champion' }), 200);
    assert.equal((await R('PUT', `${D}/stakeholders/${made.contacts.id}`, { role: 'king' })).status, 400);
    ok(await R('DELETE', `${D}/stakeholders/${made.contacts.id}`), 200);
    ok(await R('POST', `${D}/next-step/done`), 200);
    ok(await R('PUT', `${D}/next-step`, { what: 'demo', due: inDays(5), type: 'demo' }), 200);

    const want = ok(await R('POST', '/api/v1/wants', { deal_id: deal.id, kind: 'objective', text: 'cut cost', importance: 4 }), 201);
    ok(await R('GET', '/api/v1/wants?deal_id=' + deal.id), 200);
    ok(await R('GET', `/api/v1/wants/${want.id}`), 200);
    assert.equal((await R('PATCH', `/api/v1/wants/${want.id}`, { importance: 5 }, stale)).status, 412);
    ok(await R('PATCH', `/api/v1/wants/${want.id}`, { importance: 5 }), 200);
    const fit = ok(await R('POST', '/api/v1/fits', { want_id: want.id, offering_id: made.offerings.id, how: 'it halves the cost' }), 201);
    assert.equal((await R('POST', '/api/v1/fits', { want_id: 999999, offering_id: made.offerings.id, how: 'x' })).status, 422);
    ok(await R('GET', '/api/v1/fits'), 200);
    ok(await R('GET', `/api/v1/fits/${fit.id}`), 200);
    assert.equal((await R('PATCH', `/api/v1/fits/${fit.id}`, { how: 'it halves it' }, stale)).status, 412);
    ok(await R('PATCH', `/api/v1/fits/${fit.id}`, { how: 'it halves it' }), 200);
    const w2 = ok(await R('POST', '/api/v1/wants', { deal_id: deal.id, kind: 'problem', text: 'breakdowns' }), 201);
    const f2 = ok(await R('POST', '/api/v1/fits', { want_id: w2.id, offering_id: made.offerings.id, how: 'sturdier' }), 201);
    assert.equal((await R('DELETE', `/api/v1/fits/${f2.id}`, undefined, stale)).status, 412);
    assert.equal((await R('DELETE', `/api/v1/fits/${f2.id}`)).status, 204);
    assert.equal((await R('DELETE', `/api/v1/wants/${w2.id}`, undefined, stale)).status, 412);
    assert.equal((await R('DELETE', `/api/v1/wants/${w2.id}`)).status, 204);

    assert.equal((await R('POST', '/api/v1/interactions', { kind: 'call', deal_id: deal.id })).status, 422);
    const call1 = ok(await R('POST', '/api/v1/interactions', { kind: 'call', deal_id: deal.id, contact_id: made.contacts.id, agreement: true, next_step: { what: 'trial', due: inDays(7), type: 'trial' } }), 201);
    ok(await R('GET', '/api/v1/interactions?planned=false'), 200);
    ok(await R('GET', `/api/v1/interactions/${call1.id}`), 200);
    const ns = ok(await R('POST', '/api/v1/next-steps', { deal_id: deal.id, what: 'proposal', due: inDays(9) }), 201);
    assert.equal((await R('POST', '/api/v1/next-steps', { what: 'x', due: inDays(1) })).status, 400);
    ok(await R('GET', '/api/v1/next-steps?status=open'), 200);
    ok(await R('GET', `/api/v1/next-steps/${ns.id}`), 200);

    assert.equal((await R('POST', '/api/v1/checks', { deal_id: deal.id, score: 5 })).status, 422);
    assert.equal((await A('POST', `${D}/win`, { force: true, reason: 'signed' }, stale)).status, 412);
    ok(await A('POST', `${D}/win`, { force: true, reason: 'signed', delivered: inDays(0) }), 200);
    const check = ok(await R('POST', '/api/v1/checks', { deal_id: deal.id, score: 5, notes: 'happy' }), 201);
    ok(await R('GET', '/api/v1/checks'), 200);
    ok(await R('GET', `/api/v1/checks/${check.id}`), 200);
    const other = ok(await R('POST', '/api/v1/contacts', { name: 'Dan Referred' }), 201);
    const ref = ok(await R('POST', '/api/v1/referrals', { from_contact_id: made.contacts.id, contact_id: other.id, source_deal_id: deal.id }), 201);
    ok(await R('GET', '/api/v1/referrals'), 200);
    ok(await R('GET', `/api/v1/referrals/${ref.id}`), 200);
    assert.equal((await R('PATCH', `/api/v1/referrals/${ref.id}`, { status: 'engaged' }, stale)).status, 412);
    ok(await R('PATCH', `/api/v1/referrals/${ref.id}`, { status: 'engaged' }), 200);
    assert.equal((await R('POST', `${D}/reopen`, {}, stale)).status, 412);
    ok(await R('POST', `${D}/reopen`), 200);
    assert.equal((await R('POST', `${D}/lose`, { reason: 'x' }, stale)).status, 412);
    ok(await R('POST', `${D}/lose`, { reason: 'budget cut' }), 200);
    // history is kept: deals are lost, not deleted, and there is no DELETE
    r = await absent('DELETE', D);
    assert.equal(r.status, 405, r.text);
    assert.match(r.headers.get('allow'), /PATCH/);

    // processes and the agenda
    const procs = ok(await R('GET', '/api/v1/processes'), 200);
    const key = procs.items[0].key;
    const proc = ok(await R('GET', `/api/v1/processes/${key}`), 200);
    assert.equal((await R('PUT', `/api/v1/processes/${key}`, proc)).status, 403);
    ok(await A('PUT', `/api/v1/processes/${key}`, proc), 200);
    assert.equal((await A('PUT', `/api/v1/processes/${key}`, { ...proc, steps: [] })).status, 400);
    ok(await A('POST', '/api/v1/processes', { ...proc, id: undefined, key: 'short', name: 'Short' }), 201);
    assert.equal((await R('GET', '/api/v1/processes/nope')).status, 404);
    ok(await R('GET', '/api/v1/agenda?explain=true'), 200);
    ok(await R('GET', '/api/v1/reports/pipeline'), 200);
    assert.ok([400, 404].includes((await R('GET', '/api/v1/reports/nonsense')).status));
    r = await R('GET', '/api/v1/export/accounts');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    ok(await A('GET', '/api/v1/export/json'), 200);
    const csv = 'name,domain\nImported One,one.example\n';
    const csvHeaders = { 'Content-Type': 'text/csv' };
    assert.equal((await R('POST', '/api/v1/import/accounts?dry_run=true', csv, csvHeaders)).status, 403);
    ok(await A('POST', '/api/v1/import/accounts?dry_run=true', csv, csvHeaders), 200);
    ok(await A('POST', '/api/v1/import/accounts', csv, csvHeaders), 201);
    const cal = ok(await R('POST', '/api/v1/calendar-token'), 201);
    r = await ctx.api('GET', cal.path);
    problems.push(...c.check('GET', cal.path, r));
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /BEGIN:VCALENDAR/);
    ok(await A('GET', '/api/v1/agenda?limit=3'), 200);
    // users are deactivated, never deleted: there is no DELETE route
    assert.equal((await absent('DELETE', `/api/v1/users/${user.id}`)).status, 405);
    ok(await A('PATCH', `/api/v1/users/${user.id}`, { active: false }), 200);

    assert.deepEqual(problems, []);
    const missing = operations(doc).map((o) => `${o.method} ${o.path}`).filter((k) => !c.seen.has(k));
    assert.deepEqual(missing, [], 'every documented operation was walked');
  });
});
