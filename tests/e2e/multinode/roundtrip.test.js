// Moving an organisation between databases: `fulcrum export json` from
// SQLite, `import json` into PostgreSQL, and back into a new SQLite file,
// must give the same JSON at every hop (issue: PostgreSQL).
// Needs FULCRUM_TEST_PG_DIR (a cluster from tests/pg-cluster.sh).
// Run alone: FULCRUM_TEST_PG_DIR=DIR node --test tests/e2e/multinode/roundtrip.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { tmpDir } = require('../lib/tmp.js');
const { ok } = require('../lib/cli.js');

const PG = process.env.FULCRUM_TEST_PG_DIR;
const SKIP = PG ? false : 'needs PostgreSQL: set FULCRUM_TEST_PG_DIR to a cluster from tests/pg-cluster.sh';
const NOW = '2026-03-02T10:00:00Z';

// the export's own time stamp is the one field that may differ
const body = (file) => fs.readFileSync(file, 'utf8').replace(/"exported_at": *"[^"]*"/, '');

test('an organisation round-trips SQLite -> PostgreSQL -> SQLite exactly', { skip: SKIP }, () => {
  const dir = tmpDir('fulcrum-roundtrip');
  const sqliteA = path.join(dir, 'a.db');
  ok(sqliteA, ['demo', '--seed', '5', '--deals', '80'], { now: NOW });
  const first = path.join(dir, '1.json');
  ok(sqliteA, ['export', 'json', first], { now: NOW });

  const pg = freshDb('roundtrip').db;
  assert.match(pg, /^postgres(ql)?:\/\//);
  ok(pg, ['import', 'json', first], { now: NOW });
  const second = path.join(dir, '2.json');
  ok(pg, ['export', 'json', second], { now: NOW });
  assert.equal(body(second), body(first), 'SQLite -> PostgreSQL');

  const sqliteB = path.join(dir, 'b.db');
  ok(sqliteB, ['import', 'json', second], { now: NOW });
  const third = path.join(dir, '3.json');
  ok(sqliteB, ['export', 'json', third], { now: NOW });
  assert.equal(body(third), body(first), 'PostgreSQL -> SQLite');

  // the restored databases work: the same agenda and pipeline everywhere
  const agenda = (db) => ok(db, ['agenda', '--limit', '200'], { as: 'rep1@demo.test', now: NOW, json: true }).stdout;
  const pipeline = (db) => ok(db, ['pipeline'], { now: NOW, json: true }).stdout;
  assert.equal(agenda(pg), agenda(sqliteA));
  assert.equal(agenda(sqliteB), agenda(sqliteA));
  assert.equal(pipeline(pg), pipeline(sqliteA));
  // and new records continue after the restored ids
  const acct = ok(pg, ['account', 'add', 'After Restore Ltd'], { now: NOW, json: true }).json();
  const maxId = Math.max(...JSON.parse(fs.readFileSync(first, 'utf8')).accounts.map((a) => a.id));
  assert.ok(acct.id > maxId, `new id ${acct.id} follows ${maxId}`);
});
