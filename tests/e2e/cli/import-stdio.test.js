// '-' is standard input for an import and standard output for an export;
// --rejects says where rejected rows go, by default beside the input, else
// in the current folder (input on standard input, or a folder that cannot
// be written). Owners by full name in the CLI's --owner. SQLite and, in the
// PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/import-stdio.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { BIN, ok } = require('../lib/cli.js');

const NOW = '2026-03-02T12:00:00Z';

// Runs fulcrum in folder CWD with INPUT on standard input.
function inDir(cwd, db, args, input = '') {
  const r = spawnSync(BIN, ['--db', db, ...args], {
    cwd, input, encoding: 'utf8', env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: NOW },
  });
  if (r.error) throw r.error;
  return r;
}

const ACCOUNTS = 'name,owner\nAlpha,Dana Whitfield\nBeta,nobody@acme.test\nGamma,dana whitfield\n';

test('standard input and output, and where rejected rows go', async (t) => {
  const { dir, db } = freshDb('fulcrum-stdio');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const work = path.join(dir, 'work');
  fs.mkdirSync(work);
  ok(db, ['init'], { now: NOW });
  ok(db, ['user', 'add', '--email', 'dana@acme.test', '--name', 'Dana Whitfield', '--role', 'rep'],
    { now: NOW });

  await t.test('an import reads standard input; its rejects land in the current folder', () => {
    const r = inDir(work, db, ['--json', 'import', 'accounts', '-'], ACCOUNTS);
    assert.equal(r.status, 1, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.deepEqual([s.read, s.imported, s.rejected], [3, 2, 1]);
    const rej = fs.readFileSync(path.join(work, 'accounts.rejected.csv'), 'utf8');
    assert.equal(rej, "name,owner,reason\r\nBeta,nobody@acme.test,no user 'nobody@acme.test'\r\n");
    assert.ok(!fs.existsSync(path.join(work, '-')));
  });

  await t.test('--rejects - writes them to standard output, the summary to standard error', () => {
    const file = path.join(dir, 'more.csv');
    fs.writeFileSync(file, 'name,owner\nDelta,nobody@acme.test\n');
    const r = inDir(work, db, ['import', 'accounts', file, '--rejects', '-']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, "name,owner,reason\r\nDelta,nobody@acme.test,no user 'nobody@acme.test'\r\n");
    assert.match(r.stderr, /read 1, imported 0, updated 0, skipped 0, rejected 1/);
    assert.ok(!fs.existsSync(path.join(dir, 'more.rejected.csv')));
  });

  await t.test('--rejects FILE, and beside the input by default', () => {
    const file = path.join(dir, 'again.csv');
    fs.writeFileSync(file, 'name,owner\nEpsilon,nobody@acme.test\n');
    const mine = path.join(dir, 'mine.csv');
    assert.equal(inDir(work, db, ['import', 'accounts', file, '--rejects', mine]).status, 1);
    assert.match(fs.readFileSync(mine, 'utf8'), /^Epsilon,nobody@acme.test,/m);
    assert.ok(!fs.existsSync(path.join(dir, 'again.rejected.csv')));
    fs.writeFileSync(file, 'name,owner\nZeta,nobody@acme.test\n');
    assert.equal(inDir(work, db, ['import', 'accounts', file]).status, 1);
    assert.match(fs.readFileSync(path.join(dir, 'again.rejected.csv'), 'utf8'), /^Zeta,/m);
  });

  await t.test('an input folder that cannot be written: rejects in the current folder', (tt) => {
    if (process.getuid && process.getuid() === 0) {
      tt.skip('root may write into any folder');
      return;
    }
    const ro = path.join(dir, 'readonly');
    fs.mkdirSync(ro);
    fs.writeFileSync(path.join(ro, 'in.csv'), 'name,owner\nEta,nobody@acme.test\n');
    fs.chmodSync(ro, 0o555);
    try {
      assert.equal(inDir(work, db, ['import', 'accounts', path.join(ro, 'in.csv')]).status, 1);
      assert.match(fs.readFileSync(path.join(work, 'in.rejected.csv'), 'utf8'), /^Eta,/m);
    } finally {
      fs.chmodSync(ro, 0o755);
    }
  });

  await t.test("export to '-' is standard output, not a file named '-'", () => {
    const r = inDir(work, db, ['export', 'accounts', '-']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^id,/);
    assert.match(r.stdout, /Alpha/);
    assert.ok(!fs.existsSync(path.join(work, '-')));
  });

  await t.test('--owner takes a full name', () => {
    const r = inDir(work, db, ['--json', 'account', 'list', '--owner', 'DANA WHITFIELD']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((a) => a.name).sort(), ['Alpha', 'Gamma']);
  });
});
