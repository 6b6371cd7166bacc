// fulcrum merge: merging two contacts (and two accounts) moves every
// reference to the survivor, keeps both histories and a chain that
// verifies; an undo the same day restores both records and every
// reference exactly; a rep merges only what they may edit; the day after,
// the undo is refused. Runs on SQLite and, in the PostgreSQL pass, on
// PostgreSQL. Rerun alone: node --test tests/e2e/cli/merge.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');

const NOW = '2026-03-02T12:00:00Z';
const LATER = '2026-03-02T15:00:00Z';
const TOMORROW = '2026-03-03T08:00:00Z';

// Every column that names a contact or an account, and the column naming
// each row (as src/core/merge-refs.c lists them).
const CONTACT_REFS = [
  ['deals', 'contact_id', 'id'], ['stakeholders', 'contact_id', 'deal_id'],
  ['interactions', 'contact_id', 'id'], ['wants', 'contact_id', 'id'],
  ['next_steps', 'contact_id', 'id'], ['referrals', 'from_contact_id', 'id'],
  ['referrals', 'contact_id', 'id'], ['contacts', 'referred_by_id', 'id'],
  ['accounts', 'referred_by_id', 'id'],
  ['shares', 'entity_id', 'user_id', "entity = 'contact'"],
  ['import_keys', 'id', 'ext_id', "entity = 'contact'"],
  ['custom_values', 'record_id', 'field_id', "kind = 'contact'"],
  ['custom_values', 'number_value', "kind || ':' || record_id || ':' || field_id",
    "field_id IN (SELECT id FROM custom_fields WHERE type = 'contact')"],
];
const ACCOUNT_REFS = [
  ['contacts', 'account_id', 'id'], ['deals', 'account_id', 'id'],
  ['referrals', 'from_account_id', 'id'],
  ['shares', 'entity_id', 'user_id', "entity = 'account'"],
  ['import_keys', 'id', 'ext_id', "entity = 'account'"],
  ['custom_values', 'record_id', 'field_id', "kind = 'account'"],
  ['custom_values', 'number_value', "kind || ':' || record_id || ':' || field_id",
    "field_id IN (SELECT id FROM custom_fields WHERE type = 'account')"],
];

// The rows of each reference that name ID, as "table.column: keys".
function refsTo(db, refs, id) {
  const out = {};
  for (const [table, column, key, scope] of refs) {
    const rows = sqlRows(db, `SELECT ${key} FROM ${table} WHERE ${column} = ${id}` +
      `${scope ? ` AND ${scope}` : ''} ORDER BY ${key}`);
    out[`${table}.${column}`] = rows.map((r) => r[0]);
  }
  return out;
}

function setUp(db) {
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss'], { now: NOW });
  for (const [email, name] of [['rita@acme.test', 'Rita Rep'], ['sam@acme.test', 'Sam Rep']]) {
    ok(db, ['user', 'add', '--email', email, '--name', name, '--role', 'rep'], { now: NOW });
  }
  const id = (args) => Number(ok(db, args, { json: true, now: NOW }).json().id);
  const acme = id(['account', 'add', 'Acme', '--domain', 'acme.com']);
  const acmeInc = id(['account', 'add', 'Acme Inc', '--industry', 'tools', '--allow-duplicate']);
  const bob = id(['contact', 'add', 'Bob Smith', '--email', 'bob@acme.com', '--account', String(acme)]);
  const robert = id(['contact', 'add', 'Robert Smith', '--phone', '+1 555 0100',
    '--account', String(acmeInc), '--need', 'faster invoicing']);
  const carol = id(['contact', 'add', 'Carol', '--account', String(acmeInc),
    '--referred-by', String(robert)]);
  const d1 = id(['deal', 'add', 'Invoicing', '--account', String(acmeInc), '--contact', String(robert),
    '--value', '5000', '--next', 'demo', '--due', '2026-03-10']);
  const d2 = id(['deal', 'add', 'Support', '--account', String(acme), '--contact', String(bob),
    '--value', '1000', '--next', 'call', '--due', '2026-03-11']);
  // stakeholders: Robert on both deals, Bob on d2 too (a duplicate once merged)
  ok(db, ['deal', 'stakeholder', String(d2), '--contact', String(robert), '--role', 'influencer'], { now: NOW });
  ok(db, ['deal', 'stakeholder', String(d2), '--contact', String(bob), '--role', 'decision_maker'], { now: NOW });
  ok(db, ['deal', 'stakeholder', String(d1), '--contact', String(robert), '--role', 'champion'], { now: NOW });
  ok(db, ['log', 'call', '--contact', String(robert), '--notes', 'asked about invoices', '--no-agreement'], { now: NOW });
  ok(db, ['want', 'add', 'invoices in one click', '--deal', String(d1), '--kind', 'objective',
    '--contact', String(robert)], { now: NOW });
  ok(db, ['referral', 'add', '--from', String(robert), '--contact', String(carol)], { now: NOW });
  ok(db, ['referral', 'add', '--from', String(bob), '--contact', String(robert)], { now: NOW });
  ok(db, ['account', 'edit', String(acme), '--referred-by', String(robert)], { now: NOW });
  // custom fields: both hold a region (Bob's is kept); links to Robert and to Acme Inc
  ok(db, ['field', 'add', 'region', '--kind', 'contact', '--type', 'text'], { now: NOW });
  ok(db, ['field', 'add', 'mentor', '--kind', 'contact', '--type', 'contact'], { now: NOW });
  ok(db, ['field', 'add', 'parent', '--kind', 'account', '--type', 'account'], { now: NOW });
  ok(db, ['field', 'add', 'tier', '--kind', 'account', '--type', 'text'], { now: NOW });
  ok(db, ['contact', 'edit', String(bob), '--field', 'region=East'], { now: NOW });
  ok(db, ['contact', 'edit', String(robert), '--field', 'region=West'], { now: NOW });
  ok(db, ['contact', 'edit', String(carol), '--field', `mentor=${robert}`], { now: NOW });
  ok(db, ['account', 'edit', String(acmeInc), '--field', 'tier=gold'], { now: NOW });
  ok(db, ['account', 'edit', String(acme), '--field', `parent=${acmeInc}`], { now: NOW });
  // references no command of this test writes: a promise about a person,
  // a share, the other system's id of an import
  sqlRows(db, `UPDATE next_steps SET contact_id = ${robert} WHERE deal_id = ${d1}`);
  const [[sam]] = sqlRows(db, "SELECT id FROM users WHERE email = 'sam@acme.test'");
  const [[org]] = sqlRows(db, 'SELECT MIN(id) FROM orgs');
  sqlRows(db, `INSERT INTO shares (org_id, entity, entity_id, user_id) VALUES
    (${org}, 'contact', ${robert}, ${sam}), (${org}, 'account', ${acmeInc}, ${sam})`);
  sqlRows(db, `INSERT INTO import_keys (org_id, entity, ext_id, id) VALUES
    (${org}, 'contact', 'crm-77', ${robert}), (${org}, 'account', 'crm-org-9', ${acmeInc})`);
  return { acme, acmeInc, bob, robert, carol, d1, d2 };
}

const show = (db, kind, id) => ok(db, [kind, 'show', String(id)], { json: true, now: LATER }).json();

test('a merge of contacts moves every reference, keeps both histories; its undo restores both', () => {
  const { db } = freshDb('merge');
  const s = setUp(db);
  const before = { bob: show(db, 'contact', s.bob), robert: show(db, 'contact', s.robert) };
  const robertRefs = refsTo(db, CONTACT_REFS, s.robert);
  const bobRefs = refsTo(db, CONTACT_REFS, s.bob);
  for (const [k, keys] of Object.entries(robertRefs)) assert.ok(keys.length > 0, `the set-up refers to Robert in ${k}`);
  const [[robertEvents]] = sqlRows(db, `SELECT COUNT(*) FROM events WHERE entity = 'contact' AND entity_id = ${s.robert}`);

  // the preview names the default of each field: Bob's, or Robert's where Bob's is empty
  const preview = ok(db, ['merge', 'contact', String(s.bob), String(s.robert), '--preview'],
    { json: true, now: LATER }).json();
  const takes = Object.fromEntries(preview.fields.map((f) => [f.name, f.take]));
  assert.equal(takes.name, 'survivor');
  assert.equal(takes.phone, 'other');
  assert.equal(takes.need, 'other');
  assert.equal(takes.email, 'survivor');

  const m = ok(db, ['merge', 'contact', String(s.bob), String(s.robert), '--take', 'name',
    '--take', 'need=survivor'], { json: true, now: LATER }).json();
  assert.equal(m.survivor_id, s.bob);
  assert.equal(m.merged_id, s.robert);
  assert.equal(m.merged_name, 'Robert Smith');
  assert.equal(m.undoable, true);
  // Robert came by Bob's referral: Bob is not referred by himself
  assert.deepEqual(m.taken.sort(), ['name', 'phone', 'source']);
  assert.equal(m.set_aside, 2, "Robert as a stakeholder of the deal Bob is one of, and Robert's region, are set aside");

  const bob = show(db, 'contact', s.bob);
  assert.equal(bob.name, 'Robert Smith');
  assert.equal(bob.email, 'bob@acme.com');
  assert.equal(bob.phone, '+1 555 0100');
  assert.equal(bob.need, null);
  assert.equal(bob.account_id, s.acme);
  assert.equal(bob.source, 'referral');
  assert.equal(bob.referred_by_id, null);
  assert.deepEqual(bob.custom, { region: 'East' }, "the survivor's own value of a field is kept");
  assert.equal(show(db, 'contact', s.carol).custom.mentor, s.bob, 'a link to the merged contact follows it');
  assert.equal(fulcrum(db, ['contact', 'show', String(s.robert)], { now: LATER }).code, 3);

  // every reference to Robert is now to Bob, and nothing names Robert
  const after = refsTo(db, CONTACT_REFS, s.bob);
  for (const [k, keys] of Object.entries(robertRefs)) {
    // a stakeholder of a deal once; Robert, referred by Bob, is gone
    const expected = [...new Set([...bobRefs[k], ...keys])]
      .filter((key) => !(k === 'contacts.referred_by_id' && key === String(s.robert))).sort();
    assert.deepEqual([...after[k]].sort(), expected, k);
  }
  assert.deepEqual(Object.values(refsTo(db, CONTACT_REFS, s.robert)).flat(), []);
  // the stakeholder Bob already was keeps his role
  assert.deepEqual(sqlRows(db, `SELECT role FROM stakeholders WHERE deal_id = ${s.d2} AND contact_id = ${s.bob}`),
    [['decision_maker']]);

  // both histories: Robert's events stay, the merge is an event of Bob's, the chain verifies
  const [[robertAfter]] = sqlRows(db, `SELECT COUNT(*) FROM events WHERE entity = 'contact' AND entity_id = ${s.robert}`);
  assert.equal(Number(robertAfter), Number(robertEvents) + 1, 'Robert keeps his events, and one saying where he went');
  const [[action, data]] = sqlRows(db, `SELECT action, data FROM events WHERE entity = 'contact'
    AND entity_id = ${s.bob} ORDER BY id DESC LIMIT 1`);
  assert.equal(action, 'merge');
  assert.equal(JSON.parse(data).merge_id, m.id);
  assert.equal(JSON.parse(data).merged_id, s.robert);
  ok(db, ['verify'], { now: LATER });
  const human = ok(db, ['merge', 'show', String(m.id)], { now: LATER }).stdout;
  assert.match(human, /merged contact \d+ \(Robert Smith\) into contact/);
  const listed = ok(db, ['merge', 'list', 'contact', String(s.bob)], { json: true, now: LATER }).json();
  assert.deepEqual(listed.map((x) => x.id), [m.id]);

  // the undo: both records exactly as they were, every reference back
  const undone = ok(db, ['merge', 'undo', String(m.id)], { json: true, now: LATER }).json();
  assert.equal(undone.undoable, false);
  assert.ok(undone.undone_at);
  assert.deepEqual(show(db, 'contact', s.bob), before.bob);
  assert.deepEqual(show(db, 'contact', s.robert), before.robert);
  assert.deepEqual(refsTo(db, CONTACT_REFS, s.robert), robertRefs);
  assert.deepEqual(refsTo(db, CONTACT_REFS, s.bob), bobRefs);
  assert.deepEqual(sqlRows(db, `SELECT role FROM stakeholders WHERE deal_id = ${s.d2} ORDER BY contact_id`),
    [['decision_maker'], ['influencer']]);
  const [[last]] = sqlRows(db, `SELECT action FROM events WHERE entity = 'contact' AND entity_id = ${s.bob} ORDER BY id DESC LIMIT 1`);
  assert.equal(last, 'unmerge');
  ok(db, ['verify'], { now: LATER });

  // an undo happens once
  const again = fulcrum(db, ['merge', 'undo', String(m.id)], { now: LATER });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /refused \(merge-undone\)/);
});

test('a merge of accounts moves contacts, deals and the rest; its undo restores both', () => {
  const { db } = freshDb('merge-accounts');
  const s = setUp(db);
  const before = { acme: show(db, 'account', s.acme), inc: show(db, 'account', s.acmeInc) };
  const incRefs = refsTo(db, ACCOUNT_REFS, s.acmeInc);
  const acmeRefs = refsTo(db, ACCOUNT_REFS, s.acme);
  for (const [k, keys] of Object.entries(incRefs)) {
    if (k !== 'referrals.from_account_id') assert.ok(keys.length > 0, `the set-up refers to Acme Inc in ${k}`);
  }
  const m = ok(db, ['merge', 'account', String(s.acme), String(s.acmeInc)], { json: true, now: LATER }).json();
  assert.deepEqual(m.taken, ['industry']);
  assert.equal(show(db, 'account', s.acme).industry, 'tools');
  assert.deepEqual(Object.values(refsTo(db, ACCOUNT_REFS, s.acmeInc)).flat(), []);
  const after = refsTo(db, ACCOUNT_REFS, s.acme);
  for (const k of Object.keys(incRefs)) assert.deepEqual([...after[k]].sort(), [...acmeRefs[k], ...incRefs[k]].sort(), k);
  ok(db, ['verify'], { now: LATER });

  // the JSON backup carries the merge: restored elsewhere, it undoes there
  const { dir, db: copy } = freshDb('merge-restore');
  const file = path.join(dir, 'backup.json');
  ok(db, ['export', 'json', file], { now: LATER });
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).merges.length, 1);
  ok(copy, ['import', 'json', file], { now: LATER });
  ok(copy, ['merge', 'undo', String(m.id)], { now: LATER });
  assert.deepEqual(show(copy, 'account', s.acmeInc), before.inc);
  // (the backup leaves out the other systems' ids of imports)
  const backedUp = ACCOUNT_REFS.filter(([table]) => table !== 'import_keys');
  assert.deepEqual(refsTo(copy, backedUp, s.acmeInc),
    Object.fromEntries(Object.entries(incRefs).filter(([k]) => !k.startsWith('import_keys'))));
  ok(copy, ['verify'], { now: LATER });

  ok(db, ['merge', 'undo', String(m.id)], { now: LATER });
  assert.deepEqual(show(db, 'account', s.acme), before.acme);
  assert.deepEqual(show(db, 'account', s.acmeInc), before.inc);
  assert.deepEqual(refsTo(db, ACCOUNT_REFS, s.acmeInc), incRefs);
  assert.deepEqual(refsTo(db, ACCOUNT_REFS, s.acme), acmeRefs);
  ok(db, ['verify'], { now: LATER });
});

test('a rep merges only what they may edit; an undo is refused the day after', () => {
  const { db } = freshDb('merge-rules');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss'], { now: NOW });
  for (const [email, name] of [['rita@acme.test', 'Rita Rep'], ['sam@acme.test', 'Sam Rep']]) {
    ok(db, ['user', 'add', '--email', email, '--name', name, '--role', 'rep'], { now: NOW });
  }
  const add = (as, name) => Number(ok(db, ['contact', 'add', name], { as, json: true, now: NOW }).json().id);
  const ritas = add('rita@acme.test', 'Ann Lee');
  const ritas2 = add('rita@acme.test', 'Ann  Lee');
  const sams = add('sam@acme.test', 'Ann Lee (Sam)');

  for (const [a, b] of [[ritas, sams], [sams, ritas]]) {
    const r = fulcrum(db, ['merge', 'contact', String(a), String(b)], { as: 'rita@acme.test', now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^refused \(merge-access\): contact \d+ is not yours/);
  }
  assert.equal(show(db, 'contact', sams).name, 'Ann Lee (Sam)', 'nothing was merged');
  const self = fulcrum(db, ['merge', 'contact', String(ritas), String(ritas)], { as: 'rita@acme.test', now: NOW });
  assert.equal(self.code, 1);
  const bad = fulcrum(db, ['merge', 'contact', String(ritas), String(ritas2), '--take', 'created_at'],
    { as: 'rita@acme.test', now: NOW });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /'created_at' is not a field a merge chooses/);

  const m = ok(db, ['merge', 'contact', String(ritas), String(ritas2)],
    { as: 'rita@acme.test', json: true, now: NOW }).json();
  // Sam may not undo Rita's merge of Rita's records
  const sam = fulcrum(db, ['merge', 'undo', String(m.id)], { as: 'sam@acme.test', now: NOW });
  assert.notEqual(sam.code, 0);
  // the day after, the undo is refused
  assert.equal(ok(db, ['merge', 'show', String(m.id)], { json: true, now: TOMORROW }).json().undoable, false);
  const late = fulcrum(db, ['merge', 'undo', String(m.id)], { as: 'rita@acme.test', now: TOMORROW });
  assert.equal(late.code, 1);
  assert.match(late.stderr, /^refused \(merge-undo-day\)/);
  assert.equal(fulcrum(db, ['contact', 'show', String(ritas2)], { now: TOMORROW }).code, 3);
  // a survivor changed since the merge is not overwritten by an undo
  const m2 = ok(db, ['merge', 'contact', String(ritas), String(add('rita@acme.test', 'A. Lee'))],
    { as: 'rita@acme.test', json: true, now: TOMORROW }).json();
  ok(db, ['contact', 'edit', String(ritas), '--title', 'CFO'], { as: 'rita@acme.test', now: TOMORROW });
  const changed = fulcrum(db, ['merge', 'undo', String(m2.id)], { as: 'rita@acme.test', now: TOMORROW });
  assert.equal(changed.code, 1);
  assert.match(changed.stderr, /^refused \(merge-undo-changed\)/);
});
