// Likely duplicates through the real binary (docs/duplicates.md): `contact
// add` and `account add` refuse a likely duplicate naming it and the
// evidence, --allow-duplicate goes on; an edit to another's e-mail is
// refused too; `fulcrum duplicates` lists the pairs, a rep only those of
// records they may see; a CSV import skips the same contact and rejects a
// likely one with the evidence unless --allow-duplicates; a vCard imported
// again finds its cards by UID, also after a JSON backup and restore.
// Run alone: FULCRUM_BIN=build/fulcrum node --test tests/e2e/cli/duplicates.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { fulcrum, ok } = require('../lib/cli.js');
const { freshDb } = require('../lib/db.js');

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'duplicates');

function freshOrg() {
  const d = freshDb('fulcrum-dupes');
  ok(d.db, ['init', '--org', 'Engines', '--admin-email', 'admin@engines.example',
    '--admin-name', 'Admin']);
  return d;
}

function count(db, what, as) {
  return ok(db, ['--json', what, 'list', '--limit', '1000'], { as }).json().length;
}

test('contact and account add refuse a likely duplicate, naming it, unless told to go on', () => {
  const { db } = freshOrg();
  ok(db, ['account', 'add', 'Analytical Engines Ltd', '--domain', 'https://www.engines.example/']);
  ok(db, ['contact', 'add', 'Ada Lovelace', '--email', 'ada@engines.example',
    '--phone', '+44 20 7946 0958', '--account', '1']);

  let r = fulcrum(db, ['contact', 'add', 'Someone', '--email', 'ADA@Engines.Example']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim(), 'fulcrum: refused (duplicate): likely the same contact as Ada '
    + 'Lovelace (#1): same e-mail ada@engines.example; add --allow-duplicate to create it anyway');
  r = fulcrum(db, ['contact', 'add', 'A. Lovelace', '--phone', '020 7946 0958']);
  assert.match(r.stderr, /refused \(duplicate\): .*Ada Lovelace \(#1\): same phone \(ending 079460958\)/);
  r = fulcrum(db, ['contact', 'add', 'A. Lovelace', '--account', '1']);
  assert.match(r.stderr, /Ada Lovelace \(#1\): similar name/);
  r = fulcrum(db, ['account', 'add', 'ANALYTICAL ENGINES']);
  assert.match(r.stderr, /refused \(duplicate\): likely the same account as Analytical Engines Ltd \(#1\): same name/);
  r = fulcrum(db, ['account', 'add', 'Difference Ltd', '--domain', 'Engines.example']);
  assert.match(r.stderr, /same domain engines\.example/);
  assert.equal(count(db, 'contact'), 1, 'nothing was created');
  assert.equal(count(db, 'account'), 1);

  // the same name without an account is not evidence, nor a phone shared by
  // people whose names are not alike; --allow-duplicate goes on
  ok(db, ['contact', 'add', 'Ada Lovelace']);
  ok(db, ['contact', 'add', 'Charles Babbage', '--phone', '020 7946 0958']);
  const made = ok(db, ['--json', 'contact', 'add', 'Ada again', '--email', 'ada@engines.example',
    '--allow-duplicate']).json();
  assert.equal(made.email, 'ada@engines.example');
  assert.equal(made.allow_duplicate, undefined, 'the switch is not stored');

  // an edit to another's address is refused the same way, and goes on when told
  ok(db, ['contact', 'add', 'Bea', '--email', 'bea@other.example']);
  r = fulcrum(db, ['contact', 'edit', '5', '--email', 'ada@engines.example']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused \(duplicate\): .*; add --allow-duplicate to save it anyway$/m);
  ok(db, ['contact', 'edit', '5', '--title', 'CEO']);
  ok(db, ['contact', 'edit', '5', '--email', 'ada@engines.example', '--allow-duplicate']);
});

test('duplicates lists the pairs with their evidence, only of records the user may see', () => {
  const { db } = freshOrg();
  ok(db, ['user', 'add', '--email', 'rae@engines.example', '--name', 'Rae Rep', '--role', 'rep']);
  ok(db, ['contact', 'add', 'Ada Lovelace', '--email', 'ada@engines.example']);
  ok(db, ['contact', 'add', 'Ada King', '--email', 'Ada@engines.example', '--allow-duplicate']);
  const REP = 'rae@engines.example';
  ok(db, ['account', 'add', 'Mine'], { as: REP });
  ok(db, ['contact', 'add', 'Kim Lee', '--account', '1', '--phone', '+33 1 23 45 67 89'], { as: REP });
  ok(db, ['contact', 'add', 'kim LEE', '--account', '1', '--allow-duplicate'], { as: REP });

  const all = ok(db, ['--json', 'duplicates', 'contacts']).json();
  assert.deepEqual(all, {
    items: [
      { a: { id: 1, name: 'Ada Lovelace' }, b: { id: 2, name: 'Ada King' },
        evidence: [{ rule: 'email', value: 'ada@engines.example' }] },
      { a: { id: 3, name: 'Kim Lee' }, b: { id: 4, name: 'kim LEE' },
        evidence: [{ rule: 'name', value: 'kim LEE' }] },
    ],
    truncated: false,
  });
  const text = ok(db, ['duplicates', 'contacts']).stdout;
  assert.equal(text, 'Ada Lovelace (#1) and Ada King (#2): same e-mail ada@engines.example\n'
    + 'Kim Lee (#3) and kim LEE (#4): same name\n');
  // the rep sees their own pair only
  const mine = ok(db, ['--json', 'duplicates', 'contacts'], { as: REP }).json();
  assert.deepEqual(mine.items.map((p) => [p.a.id, p.b.id]), [[3, 4]]);
  assert.equal(ok(db, ['duplicates', 'accounts']).stdout, 'no likely duplicate accounts\n');
  const limited = ok(db, ['--json', 'duplicates', 'contacts', '--limit', '1']).json();
  assert.equal(limited.items.length, 1);
  assert.equal(limited.truncated, true);
  assert.equal(fulcrum(db, ['duplicates', 'deals']).code, 2);
});

test('a CSV import skips the same contact and rejects a likely one with the evidence', () => {
  const { db, dir } = freshOrg();
  ok(db, ['account', 'add', 'Analytical Engines']);
  ok(db, ['contact', 'add', 'Ada Lovelace', '--email', 'ada@engines.example',
    '--phone', '+44 20 7946 0958', '--account', '1']);
  // a copy: the rejected rows are written beside the file
  const file = path.join(dir, 'contacts.csv');
  fs.copyFileSync(path.join(FIX, 'contacts.csv'), file);
  // rejected rows make the exit status 1, the summary says which and why
  const dry = fulcrum(db, ['--json', 'import', 'contacts', file, '--dry-run']);
  const real = fulcrum(db, ['--json', 'import', 'contacts', file]);
  for (const r of [dry, real]) {
    assert.equal(r.code, 1, r.stderr);
    const s = r.json();
    assert.equal(s.read, 5);
    assert.equal(s.imported, 2, 'Charles Babbage and Mary Somerville');
    assert.equal(s.skipped, 1, 'Ada, whatever the case of her address');
    assert.equal(s.rejected, 2);
    // (a dry run's ids are not kept: on PostgreSQL the real run's differ)
    assert.deepEqual(s.rejects.map((x) => [x.line, x.reason.replace(/#\d+/, '#N')]), [
      [3, 'refused (duplicate): likely the same contact as Ada Lovelace (#N): same phone (ending 079460958)'],
      [5, 'refused (duplicate): likely the same contact as Charles Babbage (#N): similar name'],
    ]);
  }
  assert.equal(count(db, 'contact'), 3);
  assert.match(fs.readFileSync(path.join(dir, 'contacts.rejected.csv'), 'utf8'),
    /A\. Lovelace,,020 7946 0958,,refused \(duplicate\): likely the same contact as Ada Lovelace/);
  // people read a line for each
  const text = fulcrum(db, ['import', 'contacts', file, '--dry-run']).stdout;
  assert.match(text, /^line 3: refused \(duplicate\): likely the same contact as Ada Lovelace \(#1\): same phone \(ending 079460958\)$/m);
  assert.match(text, /^line 5: refused \(duplicate\): likely the same contact as Charles Babbage \(#\d+\): similar name$/m);
  assert.match(text, /^likely duplicates are imported with --allow-duplicates$/m);
  // told to, the likely duplicates go in (the rest is there already)
  const again = ok(db, ['--json', 'import', 'contacts', file, '--allow-duplicates']).json();
  assert.equal(again.imported, 2);
  assert.equal(again.skipped, 3);
  assert.equal(count(db, 'contact'), 5);
});

test('a vCard imported again finds its cards by UID, even without e-mail, and after a restore', () => {
  const { db, dir, kind } = freshOrg();
  const CARDS = path.join(dir, 'cards.vcf');	// rejected rows would go beside it
  fs.copyFileSync(path.join(FIX, 'cards.vcf'), CARDS);
  const first = ok(db, ['--json', 'import', 'vcard', CARDS]).json();
  assert.equal(first.imported, 3, JSON.stringify(first));
  const second = ok(db, ['--json', 'import', 'vcard', CARDS]).json();
  assert.equal(second.imported, 0, 'the same cards are not imported twice');
  assert.equal(second.skipped, 3);
  assert.equal(count(db, 'contact'), 3);
  const updated = ok(db, ['--json', 'import', 'vcard', CARDS, '--on-duplicate', 'update']).json();
  assert.equal(updated.updated, 3);
  assert.equal(count(db, 'contact'), 3);

  // the UIDs are in the backup, and the keys come back with the restore
  const backup = path.join(dir, 'backup.json');
  fs.writeFileSync(backup, ok(db, ['export', 'json']).stdout);
  const restored = kind === 'pg' ? freshDb('fulcrum-dupes-restored').db : path.join(dir, 'restored.db');
  ok(restored, ['import', 'json', backup]);
  const third = ok(restored, ['--json', 'import', 'vcard', CARDS]).json();
  assert.equal(third.skipped, 3);
  assert.equal(count(restored, 'contact'), 3);
  const r = fulcrum(restored, ['contact', 'add', 'A. Turing', '--phone', '0161 555 0199']);
  assert.match(r.stderr, /likely the same contact as Alan Turing \(#2\): same phone/);
});
