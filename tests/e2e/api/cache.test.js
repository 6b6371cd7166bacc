// What a server caches per database connection (a token's owner, the user
// acting, a process and its steps, custom field definitions; src/core/memo.h) is never served stale:
// a change made through the CLI, or through another node on the same
// database, is seen by the very next request. Each node keeps one database
// connection (--threads 1), so every request after the first reads the
// cache of the same connection.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  ADMIN, api, makeDb, runOk, startServer, stopServer,
} = require('./helper.js');

const REP = 'cached.rep@example.com';

test('cached tokens, users and processes follow every change', async (t) => {
  const { dir, db } = makeDb();
  runOk(db, ['user', 'add', '--email', REP, '--name', 'Cass Rep', '--role', 'rep']);
  runOk(db, ['demo', '--deals', '4']);
  const nodes = [await startServer(db, ['--threads', '1']),
    await startServer(db, ['--threads', '1'])];
  t.after(async () => {
    await Promise.all(nodes.map(stopServer));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const [a, b] = nodes.map((n) => n.url);
  const admin = runOk(db, ['--as', ADMIN.email, 'token', 'add', '--name', 'admin']).trim();
  const rep = runOk(db, ['--as', REP, 'token', 'add', '--name', 'rep']).trim();
  const me = async (url, token) => api(url, 'GET', '/api/v1/auth/me', { token });

  // warm both nodes' caches
  for (let i = 0; i < 3; i++) {
    for (const url of [a, b]) {
      const r = await me(url, rep);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.user.role, 'rep');
    }
  }
  const repId = (await me(a, rep)).json.user.id;

  await t.test('a role changed through the CLI', async () => {
    runOk(db, ['user', 'edit', REP, '--role', 'manager']);
    for (const url of [a, b]) {
      const r = await me(url, rep);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.user.role, 'manager');
    }
  });

  await t.test('a name changed on the other node', async () => {
    const r = await api(b, 'PATCH', `/api/v1/users/${repId}`,
      { token: admin, body: { name: 'Cass Renamed' } });
    assert.equal(r.status, 200, r.text);
    const m = await me(a, rep);
    assert.equal(m.json.user.name, 'Cass Renamed');
  });

  await t.test("a process's steps replaced through the CLI", async () => {
    let r = await api(a, 'GET', '/api/v1/deals?limit=1', { token: admin });
    assert.equal(r.status, 200, r.text);
    const id = r.json.items[0].id;
    r = await api(a, 'GET', `/api/v1/deals/${id}`, { token: admin });
    assert.equal(r.status, 200, r.text);
    const before = r.json.step_name;
    const file = path.join(dir, 'process.json');
    runOk(db, ['process', 'export', r.json.process, file]);
    const proc = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const s of proc.steps) s.name = `${s.name} (renamed)`;
    fs.writeFileSync(file, JSON.stringify(proc));
    runOk(db, ['process', 'import', file]);
    for (const url of [a, b]) {
      r = await api(url, 'GET', `/api/v1/deals/${id}`, { token: admin });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.step_name, `${before} (renamed)`);
    }
  });

  await t.test('custom field definitions added, required and removed through the CLI', async () => {
    let r = await api(a, 'GET', '/api/v1/deals?limit=1', { token: admin });
    const id = r.json.items[0].id;
    const deal = async (url) => {
      const d = await api(url, 'GET', `/api/v1/deals/${id}`, { token: admin });
      assert.equal(d.status, 200, d.text);
      return d.json;
    };
    const step = (await deal(a)).step;
    for (const url of [a, b]) assert.deepEqual((await deal(url)).custom, {});
    runOk(db, ['--as', ADMIN.email, 'field', 'add', 'code', '--kind', 'deal', '--type', 'text']);
    runOk(db, ['--as', ADMIN.email, 'deal', 'edit', String(id), '--field', 'code=abc']);
    for (const url of [a, b]) assert.deepEqual((await deal(url)).custom, { code: 'abc' });
    runOk(db, ['--as', ADMIN.email, 'field', 'add', 'gate', '--kind', 'deal', '--type', 'text',
      '--label', 'Gate pass', '--required-at', step]);
    for (const url of [a, b]) {
      const d = await deal(url);
      assert.ok(JSON.stringify(d.checklist).includes('Gate pass'), JSON.stringify(d.checklist));
      assert.equal(d.ready, false);
    }
    runOk(db, ['--as', ADMIN.email, 'field', 'remove', 'gate']);
    runOk(db, ['--as', ADMIN.email, 'field', 'remove', 'code']);
    for (const url of [a, b]) {
      const d = await deal(url);
      assert.ok(!JSON.stringify(d.checklist).includes('Gate pass'), JSON.stringify(d.checklist));
      assert.deepEqual(d.custom, {}, 'an archived field is not shown');
    }
  });

  await t.test('a token revoked on the other node', async () => {
    const extra = runOk(db, ['--as', REP, 'token', 'add', '--name', 'extra']).trim();
    assert.equal((await me(a, extra)).status, 200);
    let r = await api(b, 'GET', '/api/v1/tokens', { token: extra });
    assert.equal(r.status, 200, r.text);
    const row = r.json.items.find((x) => x.name === 'extra');
    r = await api(b, 'DELETE', `/api/v1/tokens/${row.id}`, { token: extra });
    assert.ok(r.status < 300, r.text);
    assert.equal((await me(a, extra)).status, 401);
    assert.equal((await me(a, rep)).status, 200);
  });

  await t.test('a user deactivated through the CLI', async () => {
    runOk(db, ['user', 'edit', REP, '--active', 'false']);
    for (const url of [a, b]) assert.equal((await me(url, rep)).status, 401);
  });
});
