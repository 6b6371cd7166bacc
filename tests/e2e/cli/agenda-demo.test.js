// The agenda of a demo database is what it was: the same seed and day give,
// for a rep, a manager (the team) and the admin (the organisation), at a
// small and a large limit, the same items in the same order with the same
// JSON as recorded in tests/fixtures/agenda/demo-seed5.json. It guards the
// agenda's queries when they change for speed (docs/benchmarks.md): any
// change of order or content shows as a difference of the items' keys or of
// the JSON's digest. Runs on SQLite and, in the PostgreSQL pass, on
// PostgreSQL. After a deliberate change of the agenda, rewrite the fixture
// with FULCRUM_AGENDA_RECORD=1 and say why in the commit.
// Rerun alone: node --test tests/e2e/cli/agenda-demo.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb, ROOT } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const NOW = '2026-03-02T10:00:00Z';
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'agenda', 'demo-seed5.json');

// [who, limit, --explain]
const CASES = [
  ['rep1@demo.test', 5, false],
  ['rep1@demo.test', 500, true],
  ['rep2@demo.test', 50, false],
  ['manager@demo.test', 12, true],
  ['manager@demo.test', 1000, true],
  ['admin@demo.test', 1000, true],
];

function agendaOf(db, [who, limit, explain]) {
  const args = ['agenda', '--limit', String(limit)];
  if (explain) args.splice(1, 0, '--explain');
  const text = ok(db, args, { as: who, json: true, now: NOW }).stdout;
  const items = JSON.parse(text);
  return {
    keys: items.map((i) => `${i.kind}:${i.deal_id ?? ''}:${i.contact_id ?? ''}:${i.score}`),
    sha256: crypto.createHash('sha256').update(text).digest('hex'),
  };
}

test('the agenda of a demo database is the recorded one', () => {
  const { db } = freshDb('agenda-demo');
  ok(db, ['--quiet', 'demo', '--seed', '5', '--deals', '300'], { now: NOW });
  const got = {};
  for (const c of CASES) got[`${c[0]} --limit ${c[1]}${c[2] ? ' --explain' : ''}`] = agendaOf(db, c);
  if (process.env.FULCRUM_AGENDA_RECORD) {
    fs.writeFileSync(FIXTURE, `${JSON.stringify(got, null, 1)}\n`);
    return;
  }
  const want = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  for (const [name, g] of Object.entries(got)) {
    assert.ok(g.keys.length > 0, `${name}: an empty agenda proves nothing`);
    assert.deepEqual(g.keys, want[name].keys, `${name}: items or their order`);
    assert.equal(g.sha256, want[name].sha256, `${name}: the items' JSON`);
  }
  assert.deepEqual(Object.keys(got), Object.keys(want));
});
