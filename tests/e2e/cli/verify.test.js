// fulcrum verify: the history's hash chain holds on the demo, and a row
// edited or deleted by hand, an edited backup, or an event inserted without
// its hash is named: its id, entity, action and what does not match. A
// database of before the chain is chained once, on its next open.
// Run alone: node --test tests/e2e/cli/verify.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freshDb } = require('../lib/db.js');
const { BIN, fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');

const NOW = '2026-03-02';

function demo(prefix) {
  const fresh = freshDb(prefix);
  ok(fresh.db, ['demo', '--deals', '40', '--seed', '7'], { now: NOW });
  return fresh;
}

function chainBroken(r, event, fragment) {
  assert.equal(r.code, 1, `exit code 1 expected, got ${r.code}: ${r.stderr}`);
  const line = r.stderr.trim();
  assert.equal(line.split('\n').length, 1, `one line on stderr: ${line}`);
  const named = `refused (history-chain): event ${event.id} (${event.entity} ${event.entity_id}, ${event.action}): `;
  assert.ok(line.startsWith(named), `'${line}' starts with '${named}'`);
  if (fragment) assert.ok(line.includes(fragment), `'${line}' says '${fragment}'`);
}

// The Nth deal event of DB: {id, entity, entity_id, action}.
function dealEvent(db, n) {
  const [row] = sqlRows(db, `SELECT id, entity, entity_id, action FROM events WHERE entity = 'deal' ORDER BY id LIMIT 1 OFFSET ${n}`);
  return { id: Number(row[0]), entity: row[1], entity_id: Number(row[2]), action: row[3] };
}

test('verify passes on the demo and prints the head the database keeps', () => {
  const { db } = demo('verify-demo');
  const r = ok(db, ['verify'], { now: NOW, json: true }).json();
  assert.equal(r.ok, true);
  const [[events, lastId]] = sqlRows(db, 'SELECT COUNT(*), MAX(id) FROM events');
  assert.equal(r.events, Number(events));
  assert.equal(r.last_id, Number(lastId));
  const [[headId, headHash]] = sqlRows(db, 'SELECT last_id, hash FROM event_chains');
  assert.equal(r.head, headHash);
  assert.equal(Number(headId), r.last_id);
  assert.match(r.head, /^[0-9a-f]{64}$/);
  // every event links to the one before it
  const rows = sqlRows(db, 'SELECT prev_hash, hash FROM events ORDER BY id');
  assert.equal(rows[0][0], '0'.repeat(64));
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i][0], rows[i - 1][1]);
  // the human form names the head too
  const human = ok(db, ['verify'], { now: NOW });
  assert.match(human.stdout, /the history holds, \d+ events chained up to event \d+/);
  assert.ok(human.stdout.includes(r.head));
  // a stray argument is a usage error
  assert.equal(fulcrum(db, ['verify', 'everything'], { now: NOW }).code, 2);
  // a rep cannot
  const rep = sqlRows(db, "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1")[0][0];
  assert.equal(fulcrum(db, ['verify'], { as: rep, now: NOW }).code, 1);
});

test('a hand-edited row is named, and later writes do not hide it', () => {
  const { db } = demo('verify-edit');
  const ev = dealEvent(db, 5);
  sqlRows(db, `UPDATE events SET at = '2025-01-01T00:00:00Z' WHERE id = ${ev.id}`);
  chainBroken(fulcrum(db, ['verify'], { now: NOW }), ev, 'altered');
  // a new event after the edit is chained on, the edit still shows
  ok(db, ['account', 'add', 'Initech'], { now: NOW });
  const r = fulcrum(db, ['verify'], { now: NOW, json: true });
  chainBroken(r, ev, 'altered');
  const report = r.json();
  assert.equal(report.ok, false);
  assert.deepEqual(report.event, ev);
  assert.match(report.problem, /^altered: /);
});

test('an edited step, a deleted event and a deleted last event are named', () => {
  const { db } = demo('verify-delete');
  const moved = dealEvent(db, 12);
  sqlRows(db, `UPDATE events SET reason = 'forged' WHERE id = ${moved.id}`);
  chainBroken(fulcrum(db, ['verify'], { now: NOW }), moved, 'altered');
  sqlRows(db, `UPDATE events SET reason = NULL WHERE id = ${moved.id}`);
  ok(db, ['verify'], { now: NOW });

  const gone = dealEvent(db, 3);
  const [next] = sqlRows(db, `SELECT id, entity, entity_id, action FROM events WHERE id > ${gone.id} ORDER BY id LIMIT 1`);
  sqlRows(db, `DELETE FROM events WHERE id = ${gone.id}`);
  chainBroken(fulcrum(db, ['verify'], { now: NOW }), {
    id: Number(next[0]), entity: next[1], entity_id: Number(next[2]), action: next[3],
  }, 'an event before it was deleted');

  const { db: db2 } = demo('verify-delete-last');
  const [[last]] = sqlRows(db2, 'SELECT MAX(id) FROM events');
  sqlRows(db2, `DELETE FROM events WHERE id = ${last}`);
  const r = fulcrum(db2, ['verify'], { now: NOW });
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), new RegExp(`^refused \\(history-chain\\): event ${last}: deleted: `));
});

test('an event inserted without its hash is named', () => {
  const { db } = demo('verify-insert');
  const [[max]] = sqlRows(db, 'SELECT MAX(id) FROM events');
  const id = Number(max) + 1;
  sqlRows(db, `INSERT INTO events (id, org_id, at, entity, entity_id, action) VALUES (${id}, 1, '2026-03-01T10:00:00Z', 'deal', 1, 'won')`);
  chainBroken(fulcrum(db, ['verify'], { now: NOW }), { id, entity: 'deal', entity_id: 1, action: 'won' }, 'inserted');
});

test('the JSON backup carries the chain; an edited backup is named by verify and refused by restore', () => {
  const { db, dir } = demo('verify-backup');
  const head = ok(db, ['verify'], { now: NOW, json: true }).json().head;
  const file = path.join(dir, 'backup.json');
  ok(db, ['export', 'json', file], { now: NOW });
  const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(backup.events.every((e) => /^[0-9a-f]{64}$/.test(e.hash) && /^[0-9a-f]{64}$/.test(e.prev_hash)));
  assert.deepEqual(backup.event_chains, [{ last_id: backup.events.at(-1).id, hash: head }]);
  assert.equal(ok(db, ['verify', '--backup', file], { now: NOW, json: true }).json().head, head);

  // the same backup restores, and the restored history verifies to the same head
  const { db: copy } = freshDb('verify-restored');
  ok(copy, ['import', 'json', file], { now: NOW });
  assert.equal(ok(copy, ['verify'], { now: NOW, json: true }).json().head, head);

  // an edited event: named by verify, refused by restore, nothing restored
  const i = backup.events.findIndex((e) => e.entity === 'deal' && e.action === 'advance');
  const e = backup.events[i];
  e.to_step = 'agree';
  const edited = path.join(dir, 'edited.json');
  fs.writeFileSync(edited, JSON.stringify(backup));
  const named = { id: e.id, entity: 'deal', entity_id: e.entity_id, action: 'advance' };
  chainBroken(fulcrum(db, ['verify', '--backup', edited], { now: NOW }), named, 'altered');
  const { db: target } = freshDb('verify-refused');
  chainBroken(fulcrum(target, ['import', 'json', edited], { now: NOW }), named, 'altered');
  assert.deepEqual(sqlRows(target, 'SELECT COUNT(*) FROM orgs'), [['0']]);

  // a deleted event and a stripped chain
  e.to_step = JSON.parse(fs.readFileSync(file, 'utf8')).events[i].to_step;
  const after = backup.events[i + 1];
  backup.events.splice(i, 1);
  fs.writeFileSync(edited, JSON.stringify(backup));
  chainBroken(fulcrum(db, ['verify', '--backup', edited], { now: NOW }),
    { id: after.id, entity: after.entity, entity_id: after.entity_id, action: after.action }, 'deleted');
  delete backup.event_chains;
  for (const ev of backup.events) { delete ev.hash; delete ev.prev_hash; }
  fs.writeFileSync(edited, JSON.stringify(backup));
  const stripped = fulcrum(db, ['verify', '--backup', edited], { now: NOW });
  assert.equal(stripped.code, 1);
  assert.match(stripped.stderr, /^refused \(history-chain\): the backup carries no chain/);
});

test('a database of before the chain is chained once, in order of id, and verifies', () => {
  const { db } = demo('verify-legacy');
  const head = ok(db, ['verify'], { now: NOW, json: true }).json().head;
  // the schema as it stood before sql/022
  sqlRows(db, 'DROP TABLE event_chains');
  sqlRows(db, 'ALTER TABLE events DROP COLUMN prev_hash');
  sqlRows(db, 'ALTER TABLE events DROP COLUMN hash');
  sqlRows(db, 'DELETE FROM schema_migrations WHERE version = 22');
  const r = ok(db, ['verify'], { now: NOW, json: true }).json();
  assert.equal(r.head, head, 'the same events chain to the same head');
  assert.deepEqual(sqlRows(db, 'SELECT COUNT(*) FROM events WHERE hash IS NULL'), [['0']]);
});

test('writers running at once append to one chain', async () => {
  const { db } = freshDb('verify-concurrent');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test'], { now: NOW });
  const run = (args) => new Promise((resolve) => {
    const p = spawn(BIN, ['--db', db, ...args], { env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: NOW } });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => resolve({ code, err }));
  });
  const runs = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    run(['contact', 'add', `Person ${i}`, '--email', `p${i}@acme.test`])));
  for (const r of runs) assert.equal(r.code, 0, r.err);
  const r = ok(db, ['verify'], { now: NOW, json: true }).json();
  assert.equal(r.ok, true);
  assert.equal(Number(sqlRows(db, "SELECT COUNT(*) FROM events WHERE entity = 'contact'")[0][0]), 8);
});
