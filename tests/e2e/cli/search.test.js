// fulcrum search: one search over contacts, accounts, deals, interactions'
// notes, wants and next steps, from the command line: people read names
// grouped by kind, --json is the API's answer, prefixes and accents match,
// the index follows edits and deletes, a rep never finds another rep's
// deal, and a restored backup is found too. SQLite and, in the PostgreSQL
// pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/search.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-11-30T12:00:00Z';

test('fulcrum search finds every kind and only what the user may see', (t) => {
  const d = freshDb('fulcrum-search');
  t.after(() => fs.rmSync(d.dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(d.db, args, { now: NOW, ...opts });
  const id = (args, opts) => must(args, { json: true, ...opts }).json().id;
  const search = (args, opts = {}) => must(['search', ...args], { json: true, ...opts }).json();
  const found = (res, kind) => res.groups.find((g) => g.kind === kind).results.map((r) => r.id);

  must(['init']);
  must(['user', 'add', '--email', 'rita@x.test', '--name', 'Rita Rep', '--role', 'rep', '--team', 'east']);
  must(['user', 'add', '--email', 'sam@x.test', '--name', 'Sam Rep', '--role', 'rep', '--team', 'west']);
  const rita = { as: 'rita@x.test' };
  const acct = id(['account', 'add', 'Łódź Weaving', '--domain', 'lodz-weaving.example'], rita);
  const ada = id(['contact', 'add', 'Ada Lovelace', '--account', String(acct),
    '--need', 'a loom that reads punched cards'], rita);
  const deal = id(['deal', 'add', 'Jacquard upgrade', '--account', String(acct), '--contact', String(ada),
    '--value', '9000', '--next', 'measure the looms', '--due', '2026-12-04'], rita);
  const call = id(['log', 'call', '--deal', String(deal), '--notes', 'the foreman fears the bobbins jam',
    '--no-agreement'], rita);
  const want = id(['want', 'add', 'fewer broken threads', '--deal', String(deal), '--kind', 'problem'], rita);

  // a word from an interaction's notes, a want, a next step, a contact's need
  assert.deepEqual(found(search(['bobbins'], rita), 'interaction'), [call]);
  assert.deepEqual(found(search(['threads'], rita), 'want'), [want]);
  assert.equal(found(search(['measure'], rita), 'next_step').length, 1);
  assert.deepEqual(found(search(['punched'], rita), 'contact'), [ada]);
  // prefixes and accents, every word required, --kind and --limit
  assert.deepEqual(found(search(['lodz', '--kind', 'account'], rita), 'account'), [acct]);
  const both = search(['jacquard up', '--kind', 'deal,contact', '--limit', '1'], rita);
  assert.deepEqual(both.groups.map((g) => g.kind), ['contact', 'deal']);
  assert.deepEqual(found(both, 'deal'), [deal]);
  assert.deepEqual(both.words, ['jacquard', 'up']);
  // only the last word, still being typed, is a prefix: a finished word
  // (something follows it) matches whole words
  assert.deepEqual(found(search(['jacq'], rita), 'deal'), [deal]);
  assert.deepEqual(found(search(['jacq up'], rita), 'deal'), []);
  assert.deepEqual(found(search(['upgrade jacq'], rita), 'deal'), [deal]);
  assert.deepEqual(found(search(['jacquard upgr'], rita), 'deal'), [deal]);
  assert.deepEqual(found(search(['jacquard upgr '], rita), 'deal'), []);

  // people read names grouped by kind, the deal with its account
  const text = must(['search', 'jacquard'], rita).stdout;
  assert.match(text, /^Deals\n {2}\d+ {2}Jacquard upgrade — Łódź Weaving\n/);
  assert.equal(must(['search', 'zzzz'], rita).stdout, 'nothing found\n');

  // another rep finds none of it, not even a title
  const sam = { as: 'sam@x.test' };
  for (const word of ['bobbins', 'threads', 'measure', 'punched', 'lodz', 'jacquard']) {
    const res = search([word], sam);
    assert.ok(res.groups.every((g) => g.results.length === 0), `${word}: ${JSON.stringify(res)}`);
  }
  assert.equal(must(['search', 'jacquard'], sam).stdout, 'nothing found\n');
  assert.deepEqual(found(search(['jacquard']), 'deal'), [deal], 'the admin finds it');

  // edits and deletes reach the index at once
  must(['contact', 'edit', String(ada), '--need', 'a faster shuttle'], rita);
  assert.deepEqual(found(search(['punched'], rita), 'contact'), []);
  assert.deepEqual(found(search(['shuttle'], rita), 'contact'), [ada]);
  must(['deal', 'edit', String(deal), '--title', 'Shuttle retrofit'], rita);
  assert.deepEqual(found(search(['jacquard'], rita), 'deal'), []);
  assert.deepEqual(found(search(['retrofit'], rita), 'deal'), [deal]);
  must(['want', 'delete', String(want)], rita);
  assert.deepEqual(found(search(['threads'], rita), 'want'), []);

  // a JSON backup restored elsewhere is found there: the restore's writes
  // index it too
  const file = path.join(d.dir, 'backup.json');
  must(['export', 'json', file]);
  const target = freshDb('fulcrum-search-restore');
  try {
    ok(target.db, ['import', 'json', file]);
    const res = ok(target.db, ['--json', 'search', 'shuttle']).json();
    assert.deepEqual(found(res, 'contact'), [ada]);
    assert.deepEqual(found(res, 'deal'), [deal]);
    assert.deepEqual(found(ok(target.db, ['--json', 'search', 'bobbins']).json(), 'interaction'), [call]);
  } finally {
    fs.rmSync(target.dir, { recursive: true, force: true });
  }

  // bad input: clear refusals, exit codes of usage and refusals
  const r = fulcrum(d.db, ['search', 'x', '--kind', 'robot']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /'kind' must be kinds among contact, account/);
  assert.equal(fulcrum(d.db, ['search']).code, 2);
  assert.equal(fulcrum(d.db, ['search', 'a', 'b']).code, 2);
  assert.match(fulcrum(d.db, ['search', 'x'.repeat(201)]).stderr, /at most 200 bytes/);
  assert.match(fulcrum(d.db, ['search', 'x', '--limit', '0']).stderr, /'limit' must be 1-50/);
});

test("a custom field's value is found with its record until the field is archived", (t) => {
  const d = freshDb('fulcrum-search-fields');
  t.after(() => fs.rmSync(d.dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(d.db, args, { now: NOW, ...opts });
  const id = (args) => must(args, { json: true }).json().id;
  const found = (text, kind) => must(['search', text], { json: true }).json()
    .groups.filter((g) => g.kind === kind).flatMap((g) => g.results.map((r) => r.id));

  must(['init']);
  must(['field', 'add', 'region', '--kind', 'account', '--type', 'text']);
  must(['field', 'add', 'contract_no', '--kind', 'deal', '--type', 'text']);
  const acct = id(['account', 'add', 'Globex', '--field', 'region=Normandie']);
  const other = id(['account', 'add', 'Initech']);
  const bob = id(['contact', 'add', 'Bob', '--account', String(acct)]);
  const deal = id(['deal', 'add', 'Fleet renewal', '--account', String(acct), '--contact', String(bob), '--value', '100',
    '--next', 'call', '--due', '2026-12-04', '--field', 'contract_no=KX-4471']);
  assert.deepEqual(found('normandie', 'account'), [acct], 'an account by its custom value');
  assert.deepEqual(found('KX', 'deal'), [deal], 'a deal by its custom value, by prefix');

  // the value moves to another record, is cleared, and its field archived
  must(['account', 'edit', String(other), '--field', 'region=Normandie']);
  assert.deepEqual(found('normandie', 'account').sort(), [acct, other].sort());
  must(['account', 'edit', String(acct), '--field', 'region=']);
  assert.deepEqual(found('normandie', 'account'), [other]);
  must(['field', 'remove', 'region', '--kind', 'account']);
  assert.deepEqual(found('normandie', 'account'), [], "an archived field's values are not searched");
});
