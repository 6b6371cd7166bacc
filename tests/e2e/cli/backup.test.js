// fulcrum backup FILE: an online copy of a SQLite database that opens with
// every record; on PostgreSQL a usage error pointing at export json.
// Run alone: node --test tests/e2e/cli/backup.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02';

test('backup writes a copy that holds every record', () => {
  const { db, dir, kind } = freshDb('backup');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test'], { now: NOW });
  ok(db, ['account', 'add', 'Globex'], { now: NOW });
  const copy = path.join(dir, 'copy.db');
  const r = fulcrum(db, ['backup', copy], { now: NOW });
  if (kind === 'pg') {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /export json/);
    return;
  }
  assert.equal(r.code, 0, r.stderr);
  const accounts = ok(copy, ['account', 'list'], { now: NOW, json: true }).json();
  assert.deepEqual(accounts.map((a) => a.name), ['Globex']);
  assert.equal(fulcrum(db, ['backup'], { now: NOW }).code, 2);
});
