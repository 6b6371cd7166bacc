// A contact's vCard carries its UID: the one of the card it came from, else
// one made for it in this organisation. So exporting contacts and importing
// the file again finds the same contacts, those without an e-mail too, and
// a card from another database is never taken for one of ours. SQLite and,
// in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/vcard-uid.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const NOW = '2026-11-30T12:00:00Z';

test('vCard export then import finds the same contacts by their UID', (t) => {
  const d = freshDb('fulcrum-vcard-uid');
  t.after(() => fs.rmSync(d.dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(d.db, args, { now: NOW, ...opts });
  const count = () => must(['contact', 'list'], { json: true }).json().length;
  must(['init']);
  must(['contact', 'add', 'No Mail Person', '--phone', '+44 20 7946 0001']);
  must(['contact', 'add', 'Mail Person', '--email', 'mail@x.test']);
  // a card of its own UID, imported: its UID is kept and exported as it is
  const theirs = path.join(d.dir, 'theirs.vcf');
  fs.writeFileSync(theirs, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Person\r\n'
    + 'UID:urn:uuid:5b1c6a2e-3f4d-4e5a-9b8c-7d6e5f4a3b2c\r\nEND:VCARD\r\n');
  must(['import', 'vcard', theirs]);
  assert.equal(count(), 3);

  const out = must(['export', 'vcard']).stdout;
  const uids = out.match(/^UID:.*$/gm).map((l) => l.slice(4).trim());
  assert.equal(uids.length, 3);
  assert.equal(new Set(uids).size, 3);
  assert.ok(uids.includes('urn:uuid:5b1c6a2e-3f4d-4e5a-9b8c-7d6e5f4a3b2c'));
  const file = path.join(d.dir, 'all.vcf');
  fs.writeFileSync(file, out);
  const s = must(['import', 'vcard', file], { json: true }).json();
  assert.deepEqual([s.read, s.imported], [3, 0]);
  assert.equal(count(), 3);

  // another database's export never names this one's contacts
  const e = freshDb('fulcrum-vcard-uid-other');
  t.after(() => fs.rmSync(e.dir, { recursive: true, force: true }));
  ok(e.db, ['init'], { now: '2026-11-29T08:00:00Z' });
  ok(e.db, ['contact', 'add', 'Someone Else'], { now: NOW });
  ok(e.db, ['contact', 'add', 'Another One'], { now: NOW });
  const s2 = ok(e.db, ['import', 'vcard', file], { now: NOW, json: true }).json();
  assert.deepEqual([s2.read, s2.imported], [3, 3]);
  const names = ok(e.db, ['contact', 'list'], { now: NOW, json: true }).json().map((c) => c.name).sort();
  assert.deepEqual(names, ['Another One', 'Card Person', 'Mail Person', 'No Mail Person', 'Someone Else']);
});
