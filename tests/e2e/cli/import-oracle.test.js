// An import tells nothing about records the importer cannot see: a deal or
// contact row naming an account, contact or id of the other CRM that is
// another team's gets exactly the message of one that does not exist, and a
// name or email that only matches another team's record matches nothing
// (a new record is made, the other team's is left alone). SQLite and, in
// the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/import-oracle.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02T12:00:00Z';
const MGR = 'max@east.example';
const REP = 'rob@west.example';

test('imports are no existence oracle', async (t) => {
  const { dir, db } = freshDb('fulcrum-oracle');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  must(['user', 'add', '--email', MGR, '--name', 'Max', '--role', 'manager', '--team', 'east']);
  must(['user', 'add', '--email', REP, '--name', 'Rob', '--role', 'rep', '--team', 'west']);
  const account = must(['account', 'add', 'Westco', '--domain', 'westco.example'], { as: REP, json: true }).json().id;
  const contact = must(['contact', 'add', 'Wendy', '--account', String(account),
    '--email', 'wendy@westco.example'], { as: REP, json: true }).json().id;
  // the west rep's ids of the other CRM
  const keys = path.join(dir, 'west-accounts.csv');
  fs.writeFileSync(keys, 'id,name\nSF-WEST,Westco Imported\n');
  const mine = fulcrum(db, ['import', 'accounts', keys, '--map', 'id=external_id'], { now: NOW });
  assert.equal(mine.code, 0, mine.stdout + mine.stderr);
  const missing = 999999;

  const reasons = (file) => {
    const rej = path.join(dir, path.basename(file, '.csv') + '.rejected.csv');
    const lines = fs.existsSync(rej) ? fs.readFileSync(rej, 'utf8').trim().split('\r\n').slice(1) : [];
    return lines.map((l) => l.slice(l.lastIndexOf(',') + 1));
  };

  await t.test('an id the importer cannot see reads as unknown', () => {
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, [
      'title,account_id,contact_id',
      `Theirs,${account},`,
      `Nobody,${missing},`,
      `Their contact,${account},${contact}`,
    ].join('\n') + '\n');
    const r = fulcrum(db, ['import', 'deals', file], { as: MGR, now: NOW });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const [theirs, nobody, theirContact] = reasons(file);
    assert.equal(theirs, `unknown account ${account}`);
    assert.equal(nobody.replace(String(missing), String(account)), theirs,
      'the same message for a record not seen and one not there');
    assert.equal(theirContact, `unknown account ${account}`);

    const c = path.join(dir, 'deals-contact.csv');
    fs.writeFileSync(c, [
      'title,account,contact_id',
      `Theirs,Eastco,${contact}`,
      `Nobody,Eastco,${missing}`,
    ].join('\n') + '\n');
    const r2 = fulcrum(db, ['import', 'deals', c], { as: MGR, now: NOW });
    assert.equal(r2.code, 1, r2.stdout + r2.stderr);
    const [t2, n2] = reasons(c);
    assert.equal(t2, `unknown contact ${contact}`);
    assert.equal(n2.replace(String(missing), String(contact)), t2);
  });

  await t.test('an id of the other CRM the importer cannot see reads as unknown', () => {
    const file = path.join(dir, 'refs.csv');
    fs.writeFileSync(file, 'title,account_ref\nTheirs,SF-WEST\nNobody,SF-NONE\n');
    const r = fulcrum(db, ['import', 'deals', file], { as: MGR, now: NOW });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const [theirs, nobody] = reasons(file);
    assert.equal(theirs, "unknown account 'SF-WEST': import the accounts file first");
    assert.equal(nobody.replace('SF-NONE', 'SF-WEST'), theirs);
    // the admin, who sees it, finds it
    const seen = path.join(dir, 'refs-admin.csv');
    fs.writeFileSync(seen, 'title,account_ref\nTheirs,SF-WEST\n');
    const a = fulcrum(db, ['import', 'deals', seen, '--dry-run'], { now: NOW });
    assert.equal(a.code, 0, a.stdout + a.stderr);
  });

  await t.test('a name or email of another team\'s record matches nothing', () => {
    const file = path.join(dir, 'contacts.csv');
    fs.writeFileSync(file, 'name,email,account\nWendy W,wendy@westco.example,Westco\n');
    const r = fulcrum(db, ['import', 'contacts', file], { as: MGR, now: NOW });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /imported 1, updated 0/);
    const theirs = must(['contact', 'show', String(contact)], { as: REP, json: true }).json();
    assert.equal(theirs.name, 'Wendy', 'the other team\'s contact is untouched');
    const made = must(['contact', 'list', '--q', 'Wendy W'], { as: MGR, json: true }).json();
    assert.equal(made.length, 1);
    assert.notEqual(made[0].account_id, account, 'a new account, not theirs');
  });
});
