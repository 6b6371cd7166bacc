// fulcrum import KIND FILE --preview N: the first rows, where each column
// goes, and what the import with the same options would do with each row,
// found by the import itself (a dry run of those rows): the rows the
// preview flags are exactly those the real run then skips, merges or
// rejects, a likely duplicate named with its evidence (docs/import.md).
// Run alone: FULCRUM_BIN=build/fulcrum node --test tests/e2e/cli/import-preview.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { fulcrum, ok } = require('../lib/cli.js');
const { freshDb } = require('../lib/db.js');

const NOW = '2026-03-02T10:00:00Z';
const CSV = 'name,email,phone,account\n'
  + 'Ada L.,ADA@engines.example,,Engines Ltd\n' // the same e-mail as Ada Lovelace
  + 'Charles Babbage,charles@analytic.example,,\n' // new
  + 'Grace Hoper,,555 010 0200,Engines Ltd\n' // the same phone, a name alike
  + 'Charlie Babbage,CHARLES@analytic.example,,\n' // the same e-mail as row 2
  + 'Mary Somerville,,,\n'; // new

test('the preview flags exactly the rows the import then skips, merges or rejects', (t) => {
  const d = freshDb('fulcrum-import-preview');
  t.after(() => fs.rmSync(d.dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(d.db, args, { now: NOW, ...opts });
  must(['init', '--org', 'Acme', '--admin-email', 'admin@acme.example', '--admin-name', 'Ann Admin']);
  must(['account', 'add', 'Engines Ltd', '--domain', 'engines.example']);
  must(['contact', 'add', 'Ada Lovelace', '--email', 'ada@engines.example', '--account', '1']);
  must(['contact', 'add', 'Grace Hopper', '--phone', '+1 555 010 0200', '--account', '1']);
  const file = path.join(d.dir, 'people.csv');
  fs.writeFileSync(file, CSV);
  const count = () => must(['contact', 'list'], { json: true }).json().length;
  const preview = (extra = []) => must(['import', 'contacts', file, '--preview', '10', ...extra], { json: true }).json();

  let p = preview();
  assert.deepEqual(p.rows.length, 5);
  assert.deepEqual(p.checks.map((c) => c.outcome), ['skipped', 'imported', 'rejected', 'skipped', 'imported']);
  assert.deepEqual(p.checks[0].record, { kind: 'contact', id: 1, name: 'Ada Lovelace' });
  assert.match(p.checks[0].reason, /same e-mail/);
  assert.equal(p.checks[1].record, null);
  assert.equal(p.checks[1].reason, null);
  assert.match(p.checks[2].reason, /likely the same contact as Grace Hopper \(#2\): same phone .*similar name/);
  // a row is a duplicate of a row before it in the file too
  assert.equal(p.checks[3].record.name, 'Charles Babbage');
  assert.equal(count(), 2, 'a preview keeps nothing');

  // the chosen --on-duplicate: merged into the record, named as it is now
  const upd = preview(['--on-duplicate', 'update']);
  assert.deepEqual(upd.checks.map((c) => c.outcome), ['updated', 'imported', 'rejected', 'updated', 'imported']);
  assert.deepEqual(upd.checks[0].record, { kind: 'contact', id: 1, name: 'Ada Lovelace' });
  const allow = preview(['--allow-duplicates']);
  assert.equal(allow.checks[2].outcome, 'imported');
  assert.equal(preview(['--preview', '2']).checks.length, 2);

  // people read it: the record by name, the evidence
  const text = must(['import', 'contacts', file, '--preview', '10']).stdout;
  assert.match(text, /^columns: name -> name, email -> email, phone -> phone, account -> account\n/);
  assert.match(text, /\nrow 1 \(Ada L\.\): skip contact 'Ada Lovelace' \(#1\): contact #1 is there with the same e-mail/);
  assert.match(text, /\nrow 2 \(Charles Babbage\): import\n/);
  assert.match(text, /\nrow 3 \(Grace Hoper\): reject: refused \(duplicate\): likely the same contact as Grace Hopper/);

  // the real run: the same rows, the same outcomes
  const run = fulcrum(d.db, ['--json', 'import', 'contacts', file, '--rejects', path.join(d.dir, 'r.csv')], { now: NOW });
  assert.equal(run.code, 1, run.stderr); // a row rejected
  const sum = JSON.parse(run.stdout);
  const real = new Map([...sum.decisions.map((x) => [x.row, x.outcome]), ...sum.rejects.map((x) => [x.row, 'rejected'])]);
  p.checks.forEach((c) => assert.equal(real.get(c.row) || 'imported', c.outcome, `row ${c.row}`));
  assert.deepEqual(sum.decisions.map((x) => x.record.name), ['Ada Lovelace', 'Charles Babbage']);
  assert.equal(count(), 4);

  // bounds and kinds
  const bad = fulcrum(d.db, ['import', 'contacts', file, '--preview', '101'], { now: NOW });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--preview must be 0-100/);
  assert.equal(fulcrum(d.db, ['import', 'history', file, '--preview', '3'], { now: NOW }).code, 2);
});

test('an account row for a domain that is there is previewed as the import takes it', (t) => {
  const d = freshDb('fulcrum-import-preview-acct');
  t.after(() => fs.rmSync(d.dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(d.db, args, { now: NOW, ...opts });
  must(['init', '--org', 'Acme', '--admin-email', 'admin@acme.example', '--admin-name', 'Ann Admin']);
  must(['account', 'add', 'Globex Corporation', '--domain', 'globex.example']);
  const file = path.join(d.dir, 'accounts.csv');
  fs.writeFileSync(file, 'name,domain\nGlobex,https://www.globex.example/\nInitech,initech.example\n');
  const p = must(['import', 'accounts', file, '--preview', '5', '--on-duplicate', 'update'], { json: true }).json();
  assert.deepEqual(p.checks.map((c) => [c.outcome, c.record && c.record.name]),
    [['updated', 'Globex Corporation'], ['imported', null]]);
  assert.match(p.checks[0].reason, /same domain/);
  const run = must(['import', 'accounts', file, '--on-duplicate', 'update'], { json: true }).json();
  assert.deepEqual([run.updated, run.imported], [1, 1]);
  assert.deepEqual(run.decisions.map((x) => [x.row, x.outcome]), [[1, 'updated']]);
});
