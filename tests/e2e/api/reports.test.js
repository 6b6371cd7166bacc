// GET /api/v1/reports/{name} answers the same JSON as `fulcrum report NAME
// --json` for the same user, on a demo database: for the admin and for a
// rep, with filters (owner by email and by id, process, period) and the
// forecast backtest; bad names, dates and owners are clear 4xx answers.
// Rerun alone: node --test tests/e2e/api/reports.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const {
  ADMIN, login, makeDb, runOk, setPassword, startServer, stopServer, api,
} = require('./helper.js');

const NAMES = ['pipeline', 'funnel', 'velocity', 'winrate', 'agreements',
  'discipline', 'followup', 'forecast'];

function cliReport(db, as, name, args = []) {
  return JSON.parse(runOk(db, ['--as', as, '--json', 'report', name, ...args]));
}

test('reports over HTTP', async (t) => {
  const { dir, db } = makeDb();
  runOk(db, ['--quiet', 'demo', '--seed', '3', '--deals', '60']);
  const server = await startServer(db);
  t.after(async () => {
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const admin = await login(server.url, ADMIN.email, ADMIN.password);
  const get = (session, p) => api(server.url, 'GET', p, { session });
  const users = (await get(admin, '/api/v1/users')).json;
  const list = Array.isArray(users) ? users : users.items;
  const rep = list.find((u) => u.role === 'rep');
  assert.ok(rep, 'the demo has a rep');
  setPassword(db, rep.email, 'rep password 123');
  const repSession = await login(server.url, rep.email, 'rep password 123');

  await t.test('every report matches the CLI, for the admin and a rep', async () => {
    for (const name of NAMES) {
      const a = await get(admin, `/api/v1/reports/${name}`);
      assert.equal(a.status, 200, `${name}: ${a.text}`);
      assert.deepEqual(a.json, cliReport(db, ADMIN.email, name), `${name} (admin)`);
      const r = await get(repSession, `/api/v1/reports/${name}`);
      assert.equal(r.status, 200, `${name}: ${r.text}`);
      assert.deepEqual(r.json, cliReport(db, rep.email, name), `${name} (rep)`);
    }
    const f = (await get(admin, '/api/v1/reports/funnel')).json;
    assert.ok(f.rows.some((x) => x.entered > 0), 'the funnel has entries');
  });

  await t.test('filters match the CLI options', async () => {
    const year = new Date().getUTCFullYear();
    const cases = [
      ['funnel', `?from=${year - 1}-01-01&to=${year}-12-31`,
        ['--from', `${year - 1}-01-01`, '--to', `${year}-12-31`]],
      ['winrate', `?owner=${encodeURIComponent(rep.email)}`, ['--owner', rep.email]],
      ['agreements', `?owner=${rep.id}`, ['--owner', rep.email]],
      ['pipeline', '?process=default', ['--process', 'default']],
      ['forecast', `?backtest=true&at=${year - 1}-09-01`,
        ['--backtest', '--at', `${year - 1}-09-01`]],
      ['velocity', '?owner=&team=&from=&to=', []],
    ];
    for (const [name, q, args] of cases) {
      const r = await get(admin, `/api/v1/reports/${name}${q}`);
      assert.equal(r.status, 200, `${name}${q}: ${r.text}`);
      assert.deepEqual(r.json, cliReport(db, ADMIN.email, name, args), `${name}${q}`);
    }
  });

  await t.test('bad input is a clear 4xx', async () => {
    let r = await get(admin, '/api/v1/reports/nonsense');
    assert.equal(r.status, 400);
    assert.match(r.text, /no report 'nonsense'/);
    r = await get(admin, '/api/v1/reports/funnel?from=2024-13-45');
    assert.equal(r.status, 400);
    assert.match(r.text, /'from' is not a date/);
    r = await get(admin, '/api/v1/reports/funnel?owner=nobody@example.com');
    assert.equal(r.status, 404);
    r = await get(admin, '/api/v1/reports/funnel?owner=999999');
    assert.equal(r.status, 404);
    r = await get(admin, '/api/v1/reports/funnel?process=nope');
    assert.equal(r.status, 404);
    r = await get(admin, '/api/v1/reports/forecast?backtest=maybe');
    assert.equal(r.status, 400);
    r = await get(admin, '/api/v1/reports/winrate?backtest=true&at=2024-01-01');
    assert.equal(r.status, 400);
    r = await api(server.url, 'GET', '/api/v1/reports/funnel');
    assert.equal(r.status, 401);
  });
});
