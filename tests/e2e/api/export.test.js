// GET /api/v1/export/{format} streams (chunked, no Content-Length: the
// server sends each batch as it is made) the same bytes as `fulcrum export`
// on a demo database, for every list, vCard and the JSON backup; CSV cells
// a spreadsheet could take for a formula are guarded unless raw=true; a
// refusal still gets its status. SQLite and, in the PostgreSQL pass,
// PostgreSQL.
// Run alone: node --test tests/e2e/api/export.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const {
  ADMIN, BIN, makeDb, runOk, setPassword, startServer, stopServer, login,
} = require('./helper.js');

const NOW = '2026-03-02T12:00:00Z';

// The CLI's export as bytes, with the server's clock.
function cliExport(db, args) {
  const r = spawnSync(BIN, ['--db', db, 'export', ...args], {
    env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: NOW },
    maxBuffer: 256 << 20,
  });
  if (r.status !== 0) throw new Error(`export ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function get(url, session) {
  const res = await fetch(url, { headers: { Cookie: session.cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

test('exports stream the CLI\'s bytes', async (t) => {
  const { dir, db } = makeDb();
  const env = process.env.FULCRUM_NOW;
  process.env.FULCRUM_NOW = NOW;
  t.after(() => {
    if (env === undefined) delete process.env.FULCRUM_NOW;
    else process.env.FULCRUM_NOW = env;
  });
  runOk(db, ['--quiet', 'demo', '--seed', '5', '--deals', '120']);
  runOk(db, ['contact', 'add', '=HYPERLINK("http://evil.example")', '--title', '-7']);
  const server = await startServer(db);
  t.after(async () => {
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const admin = await login(server.url, ADMIN.email, ADMIN.password);

  await t.test('every format: the same bytes, sent chunked', async () => {
    for (const [format, args] of [['accounts', []], ['contacts', []],
      ['deals', []], ['interactions', []], ['next-steps', []],
      ['vcard', []], ['vcard', ['--version', '3']], ['json', []],
      ['contacts', ['--raw']]]) {
      const query = args[0] === '--version' ? '?version=3' : args[0] === '--raw' ? '?raw=true' : '';
      const r = await get(`${server.url}/api/v1/export/${format}${query}`, admin);
      assert.equal(r.status, 200, `${format}: ${r.body}`);
      assert.equal(r.headers.get('content-length'), null, `${format} is streamed`);
      const want = cliExport(db, [format, ...args]);
      assert.ok(want.length > 0);
      assert.ok(r.body.equals(want), `${format}${query}: ${r.body.length} bytes, the CLI ${want.length}`);
    }
  });

  await t.test('CSV guards formulas unless raw=true', async () => {
    const guarded = (await get(`${server.url}/api/v1/export/contacts`, admin)).body.toString();
    assert.ok(guarded.includes('"\'=HYPERLINK(""http://evil.example"")"'), 'guarded');
    assert.ok(/,-7,/.test(guarded), 'a plain number is left alone');
    const raw = (await get(`${server.url}/api/v1/export/contacts?raw=true`, admin)).body.toString();
    assert.ok(raw.includes('"=HYPERLINK(""http://evil.example"")"'), 'raw');
  });

  await t.test('a refusal keeps its status', async () => {
    const users = runOk(db, ['--json', 'user', 'list']);
    const rep = JSON.parse(users).find((u) => u.role === 'rep');
    setPassword(db, rep.email, 'rep password 123');
    const s = await login(server.url, rep.email, 'rep password 123');
    const r = await get(`${server.url}/api/v1/export/json`, s);
    assert.equal(r.status, 403, r.body.toString());
    const bad = await get(`${server.url}/api/v1/export/deals?nosuchfield=1`, admin);
    assert.equal(bad.status, 400, bad.body.toString());
    const mine = await get(`${server.url}/api/v1/export/deals`, s);
    assert.equal(mine.status, 200);
    const want = cliExport(db, ['deals']);
    assert.ok(mine.body.length < want.length, 'a rep exports only what they see');
  });
});
