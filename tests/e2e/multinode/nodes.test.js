// Several `fulcrum serve` nodes on one PostgreSQL database (SPEC.md §6):
// nothing a request needs lives in one node's memory, so sessions, tokens,
// login-attempt counters and the ETag/If-Match contract hold across nodes.
// Needs a cluster from tests/pg-cluster.sh named by FULCRUM_TEST_PG_DIR;
// without one every test here is reported as skipped.
// Run alone: FULCRUM_TEST_PG_DIR=DIR node --test tests/e2e/multinode/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { freshDb } = require('../lib/db.js');
const {
  ADMIN, api, login, runOk, setPassword, startServer, stopServer,
} = require('../api/helper.js');

const PG = process.env.FULCRUM_TEST_PG_DIR;
const SKIP = PG ? false : 'needs PostgreSQL: set FULCRUM_TEST_PG_DIR to a cluster from tests/pg-cluster.sh';
const REP = { email: 'rep@example.com', password: 'rep password 123' };
const REPORTS = ['pipeline', 'funnel', 'velocity', 'winrate', 'agreements',
  'discipline', 'followup', 'forecast'];

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

// Two nodes on one fresh database that holds a demo team plus our admin.
async function twoNodes(t) {
  const { dir, db } = freshDb('multinode');
  runOk(db, ['init', '--admin-email', ADMIN.email, '--admin-name', 'Ada Admin']);
  setPassword(db, ADMIN.email, ADMIN.password);
  runOk(db, ['user', 'add', '--email', REP.email, '--name', 'Rob Rep', '--role', 'rep']);
  setPassword(db, REP.email, REP.password);
  runOk(db, ['demo', '--deals', '12']);
  const nodes = [await startServer(db), await startServer(db)];
  t.after(async () => {
    await Promise.all(nodes.map(stopServer));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { db, nodes, urls: nodes.map((n) => n.url) };
}

// A fresh deal made on node A through the API; returns its JSON and ETag.
async function makeDeal(url, token, title) {
  const A = (m, p, body) => api(url, m, p, { token, body });
  const acc = await A('POST', '/api/v1/accounts', { name: `${title} Inc` });
  assert.equal(acc.status, 201, acc.text);
  const con = await A('POST', '/api/v1/contacts', { name: `${title} buyer`, account_id: acc.json.id });
  assert.equal(con.status, 201, con.text);
  const r = await A('POST', '/api/v1/deals', {
    title, account_id: acc.json.id, contact_id: con.json.id, value: 1000,
    close_date: inDays(60), next_step: { what: 'call', due: inDays(2) },
  });
  assert.equal(r.status, 201, r.text);
  return { deal: r.json, etag: r.headers.get('etag') };
}

test('two nodes on one PostgreSQL database', { skip: SKIP }, async (t) => {
  const { urls } = await twoNodes(t);
  const [a, b] = urls;

  const session = await login(a, ADMIN.email, ADMIN.password);
  let r = await api(a, 'POST', '/api/v1/tokens', { session, body: { name: 'nodes' } });
  assert.equal(r.status, 201, r.text);
  const token = r.json.token;

  await t.test('both nodes answer /healthz', async () => {
    for (const u of urls) {
      const h = await api(u, 'GET', '/healthz');
      assert.equal(h.status, 200, h.text);
      assert.equal(h.json.status, 'ok');
    }
  });

  await t.test('a session made on one node works on the other, CSRF included', async () => {
    r = await api(b, 'GET', '/api/v1/auth/me', { session });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.email, ADMIN.email);
    assert.equal(r.json.csrf_token, session.csrf);
    // an unsafe request on B with A's cookie: refused without the CSRF
    // token, accepted with it
    r = await api(b, 'POST', '/api/v1/accounts', { session, csrf: false, body: { name: 'No Csrf' } });
    assert.equal(r.status, 403, r.text);
    r = await api(b, 'POST', '/api/v1/accounts', { session, body: { name: 'Made On B' } });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    r = await api(a, 'GET', `/api/v1/accounts/${id}`, { session });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.name, 'Made On B');
  });

  await t.test('a logout on one node ends the session on the other', async () => {
    const s2 = await login(b, REP.email, REP.password);
    r = await api(a, 'GET', '/api/v1/auth/me', { session: s2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.email, REP.email);
    r = await api(a, 'POST', '/api/v1/auth/logout', { session: s2 });
    assert.equal(r.status, 204, r.text);
    r = await api(b, 'GET', '/api/v1/auth/me', { session: s2 });
    assert.equal(r.status, 401, r.text);
  });

  await t.test('a bearer token made on one node works on the other', async () => {
    r = await api(b, 'GET', '/api/v1/auth/me', { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.email, ADMIN.email);
    r = await api(b, 'GET', '/api/v1/auth/me', { token: token.replace(/.$/, (c) => (c === '0' ? '1' : '0')) });
    assert.equal(r.status, 401, r.text);
  });

  await t.test('concurrent updates with one If-Match through both nodes: exactly one wins', async () => {
    const { deal, etag } = await makeDeal(a, token, 'Contested');
    assert.ok(etag, 'a deal carries an ETag');
    const n = 20;
    const results = await Promise.all(Array.from({ length: n }, (_, i) =>
      api(urls[i % 2], 'PATCH', `/api/v1/deals/${deal.id}`, {
        token, headers: { 'If-Match': etag }, body: { title: `Contested ${i}` },
      })));
    const won = results.map((x, i) => [x, i]).filter(([x]) => x.status === 200);
    const stale = results.filter((x) => x.status === 412);
    assert.equal(won.length, 1, results.map((x) => `${x.status} ${x.text}`).join('\n'));
    assert.equal(stale.length, n - 1, results.map((x) => x.status).join(','));
    for (const s of stale) {
      assert.match(s.headers.get('content-type'), /application\/problem\+json/);
    }
    // the winner's change is what both nodes now show, one version on
    const [winner, i] = won[0];
    for (const u of urls) {
      const g = await api(u, 'GET', `/api/v1/deals/${deal.id}`, { token });
      assert.equal(g.status, 200, g.text);
      assert.equal(g.json.title, `Contested ${i}`);
      assert.equal(g.json.version, deal.version + 1);
      assert.equal(g.headers.get('etag'), winner.headers.get('etag'));
    }
  });

  await t.test('concurrent advances through both nodes: one passes', async () => {
    const { deal, etag } = await makeDeal(a, token, 'Raced');
    const list = await api(a, 'GET', '/api/v1/processes', { token });
    assert.equal(list.status, 200, list.text);
    const key = list.json.items.find((p) => p.id === deal.process_id).key;
    const proc = await api(a, 'GET', `/api/v1/processes/${key}`, { token });
    assert.equal(proc.status, 200, proc.text);
    const steps = proc.json.steps.map((s) => s.key);
    const next = steps[steps.indexOf(deal.step) + 1];
    assert.ok(next, `a step after '${deal.step}'`);
    const body = { force: true, reason: 'race test' };

    // the same If-Match: one 200, the rest 412
    let res = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      api(urls[i % 2], 'POST', `/api/v1/deals/${deal.id}/advance`, {
        token, headers: { 'If-Match': etag }, body: { ...body, to: next },
      })));
    assert.deepEqual(res.map((x) => x.status).sort(), [200, ...Array(9).fill(412)],
      res.map((x) => `${x.status} ${x.text}`).join('\n'));

    // no If-Match, each asks to go back to the first step: the moves are
    // serialised, so one passes and the others find it already there
    res = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      api(urls[i % 2], 'POST', `/api/v1/deals/${deal.id}/advance`, {
        token, body: { ...body, to: steps[0] },
      })));
    const passed = res.filter((x) => x.status === 200);
    assert.equal(passed.length, 1, res.map((x) => `${x.status} ${x.text}`).join('\n'));
    for (const x of res.filter((y) => y.status !== 200)) {
      assert.equal(x.status, 409, x.text);
      assert.match(x.json.detail, /already at step/);
    }
    const h = await api(b, 'GET', `/api/v1/deals/${deal.id}/history`, { token });
    assert.equal(h.status, 200, h.text);
    const moves = h.json.items.filter((e) => e.to_step && e.from_step);
    assert.deepEqual(moves.map((e) => [e.from_step, e.to_step]),
      [[steps[0], next], [next, steps[0]]], JSON.stringify(h.json.items));
    const g = await api(b, 'GET', `/api/v1/deals/${deal.id}`, { token });
    assert.equal(g.json.step, steps[0]);
    assert.equal(g.json.version, deal.version + 2);
  });

  await t.test('the agenda agrees on both nodes', async () => {
    for (const who of [{ token }, { session: await login(b, REP.email, REP.password) }]) {
      const [x, y] = await Promise.all(urls.map((u) =>
        api(u, 'GET', '/api/v1/agenda?explain=true&limit=200', who)));
      assert.equal(x.status, 200, x.text);
      assert.equal(y.status, 200, y.text);
      assert.deepEqual(y.json, x.json);
    }
    const x = await api(a, 'GET', '/api/v1/agenda?limit=200', { token });
    assert.ok(x.json.items.length > 0, 'the demo team has an agenda');
  });

  await t.test('reports agree on both nodes', async (st) => {
    const served = [];
    for (const name of REPORTS) {
      const [x, y] = await Promise.all(urls.map((u) =>
        api(u, 'GET', `/api/v1/reports/${name}`, { token })));
      assert.equal(y.status, x.status, `${name}: ${x.text} / ${y.text}`);
      if (x.status === 404 && name === REPORTS[0]) break;
      assert.equal(x.status, 200, `${name}: ${x.text}`);
      assert.deepEqual(y.json, x.json, name);
      served.push(name);
    }
    if (!served.length) st.skip('this build serves no /api/v1/reports');
    // the pipeline as the CLI sees it agrees with both nodes
    const [x, y] = await Promise.all(urls.map((u) => api(u, 'GET', '/api/v1/deals?limit=200', { token })));
    assert.deepEqual(y.json.items, x.json.items);
  });

  // Last: locking the login also locks 127.0.0.1 for everyone here.
  await t.test('failed logins on node A count on node B', async () => {
    for (let i = 0; i < 10; i++) {
      const x = await api(urls[i % 2], 'POST', '/api/v1/auth/login',
        { body: { email: REP.email, password: `wrong ${i}` } });
      assert.equal(x.status, 401, x.text);
    }
    // ten failures, five on each node: the shared counter of the (email,
    // address) pair locks it on both, even with the right password
    for (const u of urls) {
      const x = await api(u, 'POST', '/api/v1/auth/login', { body: REP });
      assert.equal(x.status, 429, x.text);
      assert.ok(Number(x.headers.get('retry-after')) > 0);
      assert.match(x.json.detail, /too many failed logins/);
    }
  });
});

test('a node started after a deal changed serves the new version', { skip: SKIP }, async (t) => {
  const { db, urls } = await twoNodes(t);
  const session = await login(urls[0], ADMIN.email, ADMIN.password);
  const r = await api(urls[0], 'POST', '/api/v1/tokens', { session, body: { name: 'late' } });
  const { token } = r.json;
  const { deal, etag } = await makeDeal(urls[0], token, 'Late');
  let p = await api(urls[1], 'PATCH', `/api/v1/deals/${deal.id}`,
    { token, headers: { 'If-Match': etag }, body: { value: 2500 } });
  assert.equal(p.status, 200, p.text);
  const third = await startServer(db);
  try {
    const g = await api(third.url, 'GET', `/api/v1/deals/${deal.id}`, { token });
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.value, 2500);
    assert.equal(g.headers.get('etag'), p.headers.get('etag'));
    // the old ETag is stale on every node
    p = await api(third.url, 'PATCH', `/api/v1/deals/${deal.id}`,
      { token, headers: { 'If-Match': etag }, body: { value: 1 } });
    assert.equal(p.status, 412, p.text);
  } finally {
    assert.equal((await stopServer(third)).code, 0);
  }
});
