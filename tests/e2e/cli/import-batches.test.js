// Rows of an import are written in batches without a savepoint each: a row
// that fails after it began to write (a new account made, then its contact
// refused) is rejected alone, with its reason, and nothing it wrote stays;
// the other rows of its batch land as they would have. The report rollups
// of the imported deals, summed once per batch, equal what they sum. SQLite
// and, in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/import-batches.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');
const { checkRollups } = require('../lib/rollups.js');

const NOW = '2026-03-02T12:00:00Z';

function setup(t, name) {
  const { dir, db } = freshDb(name);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  ok(db, ['init'], { now: NOW });
  return { dir, db };
}

test('a row failing after it began to write is rejected alone', (t) => {
  const { dir, db } = setup(t, 'fulcrum-import-batches');
  const rows = [];
  for (let i = 1; i <= 10; i++) {
    const status = ['open', 'won', 'lost'][i % 3];
    const close = status === 'open' ? '' : '2025-06-15';
    // row 6 names an account nobody has (made by the row) and a contact
    // that is no e-mail address: refused after the account was written
    const contact = i === 6 ? 'nobody@' : `buyer${i}@acct${i % 4}.test`;
    const account = i === 6 ? 'Ghost Co' : `Account ${i % 4}`;
    rows.push(`Deal ${i},${account},${contact},${1000 + i}.00,${status},${close},2025-01-${String(i + 1).padStart(2, '0')}`);
  }
  const file = path.join(dir, 'deals.csv');
  fs.writeFileSync(file, `title,account,contact,value,status,close_date,created\n${rows.join('\n')}\n`);
  const r = fulcrum(db, ['--json', 'import', 'deals', file, '--batch', '4'], { now: NOW });
  const s = JSON.parse(r.stdout);
  assert.equal(s.read, 10, r.stderr);
  assert.equal(s.imported, 9);
  assert.equal(s.rejected, 1);
  assert.equal(s.rejects.length, 1);
  assert.equal(s.rejects[0].row, 6);
  assert.match(s.rejects[0].reason, /nobody@.*not an email address/);
  const rejected = fs.readFileSync(path.join(dir, 'deals.rejected.csv'), 'utf8')
    .trim().split('\n');
  assert.equal(rejected.length, 2, 'the header and the one row');
  assert.match(rejected[1], /^Deal 6,Ghost Co,/);

  const titles = sqlRows(db, 'SELECT title FROM deals ORDER BY id').map(([x]) => x);
  assert.deepEqual(titles, [1, 2, 3, 4, 5, 7, 8, 9, 10].map((i) => `Deal ${i}`));
  const [[ghost]] = sqlRows(db, "SELECT COUNT(*) FROM accounts WHERE name = 'Ghost Co'");
  assert.equal(Number(ghost), 0, 'the refused row leaves no account behind');
  // one create event per imported deal, none for the refused row's writes
  const [[creates]] = sqlRows(db, "SELECT COUNT(*) FROM events WHERE entity = 'deal' AND action = 'create'");
  assert.equal(Number(creates), 9);
  const [[ghosts]] = sqlRows(db, "SELECT COUNT(*) FROM events WHERE entity = 'account' AND data LIKE '%Ghost Co%'");
  assert.equal(Number(ghosts), 0);
  checkRollups(db, 'after the import');

  // the search index took each batch's records at its commit (SQLite:
  // core/refresh-defer.h): every imported deal and account is found, the
  // refused row's account is not, and a write after the import is indexed
  // as it happens
  const found = (text, kind) => {
    const r = JSON.parse(ok(db, ['--json', 'search', text, '--kind', kind],
      { now: NOW }).stdout);
    return r.groups[0].results.map((x) => x.title).sort();
  };
  assert.deepEqual(found('Deal', 'deal'),
    [1, 10, 2, 3, 4, 5, 7, 8, 9].map((i) => `Deal ${i}`));
  assert.deepEqual(found('Account', 'account'),
    [0, 1, 2, 3].map((i) => `Account ${i}`));
  assert.deepEqual(found('Ghost', 'account'), []);
  ok(db, ['contact', 'add', 'Zebedee Quist'], { now: NOW });
  assert.deepEqual(found('Zebedee', 'contact'), ['Zebedee Quist']);
});

// A batch carries the history chain's head from event to event and stores it
// at its commit (core/history.h, history_defer_chain): the chain holds after
// batches, a replayed batch (rows in savepoints) and writes after the import,
// and a webhook subscribed before the import gets an outbox row per event.
test('the history chain and the webhooks outbox hold across batches', (t) => {
  const { dir, db } = setup(t, 'fulcrum-import-chain');
  const verify = () => {
    const r = fulcrum(db, ['verify'], { now: NOW });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /the history holds/);
  };
  const contacts = path.join(dir, 'contacts.csv');
  const lines = [];
  for (let i = 1; i <= 10; i++) lines.push(`Person ${i},person${i}@chain.test`);
  fs.writeFileSync(contacts, `name,email\n${lines.join('\n')}\n`);
  ok(db, ['import', 'contacts', contacts, '--batch', '3'], { now: NOW });
  verify();

  ok(db, ['webhook', 'add', 'https://hooks.example/in', '--event', 'contact.created'], { now: NOW });
  const more = path.join(dir, 'more.csv');
  const rows = [];
  for (let i = 11; i <= 17; i++) rows.push(`Person ${i},person${i}@chain.test`);
  fs.writeFileSync(more, `name,email\n${rows.join('\n')}\n`);
  ok(db, ['import', 'contacts', more, '--batch', '3'], { now: NOW });
  verify();
  const [[hooked]] = sqlRows(db, "SELECT COUNT(*) FROM webhook_outbox WHERE name = 'contact.created'");
  assert.equal(Number(hooked), 7, 'one outbox row per contact imported with the webhook there');

  // a batch read again row by row (a row fails after it began to write)
  const deals = path.join(dir, 'deals.csv');
  fs.writeFileSync(deals, 'title,account,contact,value,status,close_date,created\n' +
    'Deal 1,Acme,buyer1@acme.test,100.00,won,2025-06-15,2025-01-02\n' +
    'Deal 2,Ghost Co,nobody@,100.00,open,,2025-01-03\n' +
    'Deal 3,Acme,buyer3@acme.test,100.00,lost,2025-06-15,2025-01-04\n');
  const r = fulcrum(db, ['--json', 'import', 'deals', deals], { now: NOW });
  assert.equal(JSON.parse(r.stdout).imported, 2, r.stderr);
  verify();
  ok(db, ['contact', 'add', 'After Import'], { now: NOW });
  verify();
  // SQLite takes an event's id as the largest plus one; PostgreSQL's
  // sequence leaves the ids of a rolled-back batch unused
  if (!/^postgres/.test(db)) {
    const ids = sqlRows(db, 'SELECT id FROM events ORDER BY id').map(([x]) => Number(x));
    assert.deepEqual(ids, ids.map((_, i) => ids[0] + i), 'event ids follow each other');
  }
});

// The accounts' first-wins rollup is refreshed once per batch for the
// accounts the batch touched (SQLite: core/refresh-defer.h): seven accounts
// with won deals in every batch of 25, and the whole file again.
test('the rollups of many imported deals in many batches add up', (t) => {
  const { dir, db } = setup(t, 'fulcrum-import-batches-rollups');
  ok(db, ['user', 'add', '--email', 'rep@acme.test', '--name', 'Rep One', '--role', 'rep'],
    { now: NOW });
  const rows = [];
  const stages = ['engage', 'comfort', 'discover', 'present', 'agree'];
  for (let i = 1; i <= 120; i++) {
    const status = ['open', 'won', 'lost'][i % 3];
    const close = status === 'open' ? '' : `2025-${String((i % 9) + 1).padStart(2, '0')}-15`;
    const owner = i % 2 ? 'rep@acme.test' : '';
    rows.push(`D${i},Deal ${i},Account ${i % 7},${500 + i},${status},${stages[i % 5]},${close},2024-12-${String((i % 28) + 1).padStart(2, '0')},${owner}`);
  }
  const file = path.join(dir, 'deals.csv');
  fs.writeFileSync(file, `external_id,title,account,value,status,stage,close_date,created,owner\n${rows.join('\n')}\n`);
  const s = ok(db, ['--json', 'import', 'deals', file, '--batch', '25'], { now: NOW }).json();
  assert.equal(s.imported, 120);
  assert.equal(s.rejected, 0);
  checkRollups(db, 'after the import');
  // the same file again: every deal found by its external id, nothing new
  const again = ok(db, ['--json', 'import', 'deals', file, '--batch', '25'], { now: NOW }).json();
  assert.equal(again.skipped, 120);
  checkRollups(db, 'after the second import');
});

test('a file of whole batches is finished, not left for --resume', (t) => {
  const { dir, db } = setup(t, 'fulcrum-import-batches-whole');
  const file = path.join(dir, 'contacts.csv');
  fs.writeFileSync(file, 'name,email\nAda,ada@x.test\nBo,bo@x.test\nCy,cy@x.test\nDi,di@x.test\n');
  const first = ok(db, ['--json', 'import', 'contacts', file, '--batch', '2'], { now: NOW }).json();
  assert.equal(first.imported, 4);
  // the same file again is a new import (its contacts found by e-mail),
  // not "an import of this file stopped after row 4"
  const again = ok(db, ['--json', 'import', 'contacts', file, '--batch', '2'], { now: NOW }).json();
  assert.equal(again.skipped, 4);
  const resumed = ok(db, ['--json', 'import', 'contacts', file, '--resume'], { now: NOW }).json();
  assert.equal(resumed.resumed, 4);
  assert.equal(resumed.read, 0);
});
