// Whole export folders of another CRM (`fulcrum import salesforce|hubspot|
// pipedrive DIR`): tests/fixtures/export-folders/ holds a Salesforce-,
// a HubSpot- and a Pipedrive-shaped export of our own making (users, a user
// matched by e-mail, one with neither e-mail nor a known name, an owner id
// no user file names, accounts and contacts with dangling references, deals
// in every state, a stage history with an unknown deal, done calls, e-mails
// and meetings, open tasks, a to-do that is no conversation, an activity of
// a lead). Checked against the files themselves, read here independently of
// Fulcrum: every row of every file is in the reconciliation table, and each
// rejected or skipped row is in its file with a reason; counts per owner are
// the files' rows grouped by owner; deals belong to their owners; the calls
// are on their deals; imported users cannot sign in; a second run imports
// nothing twice. The real Salesforce export in ../shared/data, when present.
// SQLite and, in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/import-folders.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb, ROOT } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');
const { parseCsv } = require('../lib/csv.js');

const NOW = '2026-03-02T10:00:00Z';
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'export-folders');
const REAL = path.join(ROOT, '..', 'shared', 'data', 'salesforce-export-data-cloud-workshop');
const ADMIN = 'admin@example.com';


// The data rows of FILE in DIR as objects by header.
function records(dir, file) {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) return [];
  const [head, ...rows] = parseCsv(fs.readFileSync(p, 'utf8'));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

// A copy of the fixture folder NAME in a fresh database's folder, so the
// rejected rows' files land beside the copies.
function setup(t, name, source = path.join(FIXTURES, name)) {
  const { dir, db } = freshDb(`fulcrum-folder-${name}`);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  for (const f of fs.readdirSync(source)) fs.copyFileSync(path.join(source, f), path.join(folder, f));
  ok(db, ['init'], { now: NOW });
  return { db, folder };
}

function importFolder(db, system, folder) {
  const r = fulcrum(db, ['--json', 'import', system, folder], { now: NOW });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return r.json();
}

// Every CSV of FOLDER is in the table with its rows; each row is counted
// once; every rejected, skipped, merged or flagged row is in the rejects file
// with a reason. Returns the table's rows by file and kind.
function everyRowAccounted(rep, folder, { datedHistory } = {}) {
  const csvs = fs.readdirSync(folder).filter((f) => /\.csv$/.test(f) && !/\.rejected\.csv$/.test(f));
  const byFile = new Map(rep.files.map((f) => [`${f.file}/${f.kind}`, f]));
  for (const file of csvs) {
    assert.ok(rep.files.some((f) => f.file === file), `${file} is in the table`);
  }
  for (const f of rep.files) {
    assert.equal(f.imported + f.merged + f.skipped + f.rejected, f.read, `${f.file} (${f.kind})`);
    if (f.file === '--owner-map') continue;
    if (!(datedHistory && f.kind === 'history')) {
      assert.equal(f.read, records(folder, f.file).length, `${f.file} (${f.kind}) read every row`);
    }
    // a line for each row left out, merged or flagged as a likely duplicate
    // (a user matched to one of ours is no decision on the data)
    const noted = f.rejected + f.skipped + f.flagged + (f.kind === 'users' ? 0 : f.merged);
    if (noted) {
      const rej = records(path.dirname(f.rejects), path.basename(f.rejects));
      assert.equal(rej.length, noted, `${f.file}: a line per row not imported`);
      for (const r of rej) assert.ok(r.reason, `${f.file}: ${JSON.stringify(r)} has its reason`);
    } else {
      assert.equal(f.rejects, null);
    }
    if (f.kind === 'none') {
      assert.equal(f.skipped, f.read);
      assert.ok(f.note, `${f.file} says why its rows are not imported`);
    }
  }
  return byFile;
}

// Rows per owner label in FILES of FOLDER, by OWNERCOL of each, the label
// being LABEL(owner) (a user's name, or "unknown owner 'X'").
function ownerCounts(folder, files, label) {
  const want = new Map();
  for (const [file, col] of files) {
    for (const r of records(folder, file)) {
      const l = label(r[col] ?? '');
      want.set(l, (want.get(l) || 0) + 1);
    }
  }
  return want;
}

function assertOwners(rep, want) {
  const got = new Map(rep.owners.map((o) => [o.owner, o.read]));
  assert.deepEqual(Object.fromEntries([...got].sort()), Object.fromEntries([...want].sort()));
  for (const o of rep.owners) {
    assert.equal(o.imported + o.merged + o.skipped + o.rejected, o.read, o.owner);
  }
}

const sql = (db, q) => sqlRows(db, q);

// Deal id by the other CRM's id, and the e-mail of its owner.
function dealOwners(db) {
  return new Map(sql(db, "SELECT k.ext_id, u.email FROM import_keys k JOIN deals d ON "
    + "d.org_id = k.org_id AND d.id = k.id JOIN users u ON u.id = d.owner_id "
    + "WHERE k.entity = 'deal'").map(([ext, email]) => [ext, email]));
}

function dealIds(db) {
  return new Map(sql(db, "SELECT ext_id, id FROM import_keys WHERE entity = 'deal'")
    .map(([ext, id]) => [ext, Number(id)]));
}

test('a Salesforce export folder: every row accounted for, deals with their owners, calls on their deals', (t) => {
  const { db, folder } = setup(t, 'salesforce');
  const rep = importFolder(db, 'salesforce', folder);
  assert.equal(rep.system, 'salesforce');
  const files = everyRowAccounted(rep, folder);
  // the order the records refer to each other in
  assert.deepEqual(rep.files.map((f) => f.file), ['User.csv', 'Account.csv', 'Contact.csv',
    'Lead.csv', 'Opportunity.csv', 'OpportunityHistory.csv', 'Task.csv', 'Event.csv']);

  // users: created inactive, one matched by e-mail (any case), one refused
  const users = records(folder, 'User.csv');
  const u = files.get('User.csv/users');
  assert.deepEqual([u.imported, u.merged, u.rejected], [3, 1, 1]);
  const team = ok(db, ['--json', 'user', 'list'], { now: NOW }).json();
  for (const x of users.filter((r) => r.Email && r.Email.toLowerCase() !== ADMIN)) {
    const got = team.find((m) => m.email === x.Email.toLowerCase());
    assert.ok(got, x.Email);
    assert.equal(got.name, x.Name);
    assert.equal(got.active, false, `${x.Email} waits for an admin`);
  }
  assert.equal(team.length, 4);
  const login = fulcrum(db, ['--json', 'contact', 'list'], { as: 'ann.lee@acme.test', now: NOW });
  assert.notEqual(login.code, 0, 'an imported user is no one to act as until made active');
  // an admin gives them a password and makes them active
  ok(db, ['user', 'passwd', 'ann.lee@acme.test'], { now: NOW, input: 'a long first password\n' });
  ok(db, ['user', 'edit', 'ann.lee@acme.test', '--active', 'true'], { now: NOW });
  ok(db, ['--json', 'contact', 'list'], { as: 'ann.lee@acme.test', now: NOW });

  // the user each OwnerId is, as the table names them
  const nameOf = new Map(users.filter((r) => r.Email).map((r) =>
    [r.Id, r.Email.toLowerCase() === ADMIN ? 'Admin' : r.Name]));
  const emailOf = new Map(users.filter((r) => r.Email).map((r) => [r.Id, r.Email.toLowerCase()]));
  const label = (id) => nameOf.get(id) ?? (id ? `unknown owner '${id}'` : '(no owner in the file)');
  assertOwners(rep, ownerCounts(folder, [['Account.csv', 'OwnerId'], ['Contact.csv', 'OwnerId'],
    ['Lead.csv', 'OwnerId'], ['Opportunity.csv', 'OwnerId'], ['Task.csv', 'OwnerId'],
    ['Event.csv', 'OwnerId']], label));

  // deals belong to their owners; an owner no user file names gives the
  // deal to the importer, and the summary says so
  const owners = dealOwners(db);
  for (const o of records(folder, 'Opportunity.csv')) {
    if (!owners.has(o.Id)) continue;	// rejected, and in the table
    assert.equal(owners.get(o.Id), emailOf.get(o.OwnerId) ?? ADMIN, o.Name);
  }
  assert.equal(owners.size, files.get('Opportunity.csv/deals').imported);

  // the done calls are on their deals' timelines, with their date and
  // owner; their agreement is not known
  const deals = dealIds(db);
  const calls = records(folder, 'Task.csv').filter((r) => r.TaskSubtype === 'Call'
    && r.Status === 'Completed' && deals.has(r.WhatId));
  assert.ok(calls.length >= 2);
  for (const c of calls) {
    const show = ok(db, ['--json', 'deal', 'show', String(deals.get(c.WhatId))], { now: NOW }).json();
    const got = show.interactions.filter((i) => i.kind === 'call' && i.at.startsWith(c.ActivityDate));
    assert.equal(got.length, 1, `${c.Subject} on its deal: ${JSON.stringify(show.interactions)}`);
    const owner = sql(db, `SELECT email FROM users WHERE id = ${got[0].owner_id}`)[0][0];
    assert.equal(owner, emailOf.get(c.OwnerId) ?? ADMIN, c.Subject);
    assert.ok(got[0].notes.includes(c.CallDisposition), got[0].notes);
  }
  const meeting = records(folder, 'Event.csv').find((e) => e.StartDateTime < NOW);
  const onDeal = ok(db, ['--json', 'deal', 'show', String(deals.get(meeting.WhatId))], { now: NOW }).json();
  assert.ok(onDeal.interactions.some((i) => i.kind === 'meeting' && i.at.startsWith(meeting.ActivityDate)));
  assert.deepEqual(sql(db, 'SELECT DISTINCT agreement, agreement_known FROM interactions'), [['0', '0']]);
  // an imported talk is no broken habit: the lost deal whose only talk
  // before it closed is an imported call followed the process
  const adherence = ok(db, ['--json', 'report', 'adherence', '--from', '2025-01-01',
    '--to', NOW.slice(0, 10)], { now: NOW }).json();
  const lost = records(folder, 'Opportunity.csv').filter((o) => o.StageName === 'Closed Lost');
  assert.equal(lost.length, 1);
  assert.ok(records(folder, 'Task.csv').some((r) => r.WhatId === lost[0].Id && r.Status === 'Completed'
    && r.ActivityDate <= lost[0].CloseDate), 'the lost deal has a call before it closed');
  assert.equal(adherence.overall.find((o) => o.followed).lost, 1, JSON.stringify(adherence.overall));
  // an open task is its deal's next step
  const task = records(folder, 'Task.csv').find((r) => r.Status === 'Not Started' && deals.has(r.WhatId));
  const next = ok(db, ['--json', 'deal', 'show', String(deals.get(task.WhatId))], { now: NOW }).json();
  assert.equal(next.next_step.what, task.Subject);
  assert.equal(next.next_step.due, task.ActivityDate);

  // a second run finds everything it brought in; the rows the first left
  // out, beside the files, are no file of the export
  const again = importFolder(db, 'salesforce', folder);
  assert.deepEqual(again.files.map((f) => f.file), rep.files.map((f) => f.file));
  for (const f of again.files) assert.equal(f.imported, 0, `${f.file} (${f.kind}) again`);
});

test('a HubSpot export folder: every row accounted for, deals with their owners, calls on their deals', (t) => {
  const { db, folder } = setup(t, 'hubspot');
  const rep = importFolder(db, 'hubspot', folder);
  const files = everyRowAccounted(rep, folder, { datedHistory: true });
  assert.deepEqual(rep.files.map((f) => `${f.file} ${f.kind}`), ['owners.csv users',
    'companies.csv accounts', 'contacts.csv contacts', 'deals.csv deals', 'deals.csv history',
    'calls.csv activities', 'meetings.csv activities', 'notes.csv activities']);
  const owners = records(folder, 'owners.csv');
  const names = new Set(owners.map((o) => `${o['First Name']} ${o['Last Name']}`));
  const emailOf = new Map(owners.map((o) => [`${o['First Name']} ${o['Last Name']}`, o.Email]));
  const label = (n) => (names.has(n) ? n : n ? `unknown owner '${n}'` : '(no owner in the file)');
  assertOwners(rep, ownerCounts(folder, [['companies.csv', 'Company owner'],
    ['contacts.csv', 'Contact owner'], ['deals.csv', 'Deal owner'],
    ['calls.csv', 'Activity assigned to'], ['meetings.csv', 'Activity assigned to'],
    ['notes.csv', 'Activity assigned to']], label));
  const dealOwner = dealOwners(db);
  for (const d of records(folder, 'deals.csv')) {
    assert.equal(dealOwner.get(d['Record ID']), emailOf.get(d['Deal owner']) ?? ADMIN, d['Deal Name']);
  }
  const deals = dealIds(db);
  for (const c of records(folder, 'calls.csv').filter((r) => r['Call status'] === 'COMPLETED'
    && deals.has(r['Associated Deal IDs']))) {
    const show = ok(db, ['--json', 'deal', 'show', String(deals.get(c['Associated Deal IDs']))],
      { now: NOW }).json();
    assert.equal(show.interactions.filter((i) => i.kind === 'call'
      && i.at === `${c['Activity date'].replace(' ', 'T')}:00Z`).length, 1, c['Call Title']);
  }
  assert.equal(files.get('notes.csv/activities').skipped, 1, 'a note is no conversation');
  const again = importFolder(db, 'hubspot', folder);
  for (const f of again.files) assert.equal(f.imported, 0, `${f.file} (${f.kind}) again`);
});

test('a Pipedrive export folder: every row accounted for, deals with their owners, calls on their deals', (t) => {
  const { db, folder } = setup(t, 'pipedrive');
  const rep = importFolder(db, 'pipedrive', folder);
  everyRowAccounted(rep, folder);
  const users = records(folder, 'users.csv');
  const emailOf = new Map(users.map((u) => [u.Name, u.Email]));
  const label = (n) => (emailOf.has(n) ? n : n ? `unknown owner '${n}'` : '(no owner in the file)');
  assertOwners(rep, ownerCounts(folder, [['organizations.csv', 'Organization - Owner'],
    ['people.csv', 'Person - Owner'], ['deals.csv', 'Deal - Owner'],
    ['activities.csv', 'Activity - Assigned to user']], label));
  const dealOwner = dealOwners(db);
  for (const d of records(folder, 'deals.csv')) {
    assert.equal(dealOwner.get(d['Deal - ID']), emailOf.get(d['Deal - Owner']) ?? ADMIN, d['Deal - Title']);
  }
  const deals = new Map(sql(db, 'SELECT title, id FROM deals').map(([title, id]) => [title, id]));
  for (const a of records(folder, 'activities.csv').filter((r) => r['Activity - Type'] === 'call'
    && r['Activity - Done'] === 'Done')) {
    const show = ok(db, ['--json', 'deal', 'show', deals.get(a['Activity - Deal'])], { now: NOW }).json();
    assert.equal(show.interactions.filter((i) => i.kind === 'call'
      && i.at.startsWith(a['Activity - Due date'])).length, 1, a['Activity - Subject']);
  }
  const again = importFolder(db, 'pipedrive', folder);
  for (const f of again.files) assert.equal(f.imported, 0, `${f.file} (${f.kind}) again`);
});

test('the real Salesforce export in ../shared/data: every row accounted for',
  { skip: !fs.existsSync(REAL) && `${REAL} is not present` }, (t) => {
    const { db, folder } = setup(t, 'real', REAL);
    // it has no User.csv: the owner of its opportunities is mapped by hand,
    // every other owner id is unknown and its rows are the admin's
    const mapped = records(folder, 'Opportunity.csv')[0].OwnerId;
    ok(db, ['user', 'add', '--email', 'sam@acme.test', '--name', 'Sam Seller'], { now: NOW });
    const map = path.join(path.dirname(folder), 'owners.map');
    fs.writeFileSync(map, `${mapped}=sam@acme.test\n`);
    const r = fulcrum(db, ['--json', 'import', 'salesforce', folder, '--owner-map', map], { now: NOW });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const rep = r.json();
    assert.deepEqual(rep.files.find((f) => f.file === '--owner-map'),
      { file: '--owner-map', kind: 'owners', read: 1, imported: 0, merged: 1, skipped: 0,
        rejected: 0, flagged: 0, note: null, rejects: null });
    everyRowAccounted(rep, folder);
    const label = (id) => (id === mapped ? 'Sam Seller'
      : id ? `unknown owner '${id}'` : '(no owner in the file)');
    assertOwners(rep, ownerCounts(folder, [['Account.csv', 'OwnerId'], ['Contact.csv', 'OwnerId'],
      ['Lead.csv', 'OwnerId'], ['Opportunity.csv', 'OwnerId'], ['Task.csv', 'OwnerId']], label));
    const owners = dealOwners(db);
    for (const o of records(folder, 'Opportunity.csv')) {
      assert.equal(owners.get(o.Id), o.OwnerId === mapped ? 'sam@acme.test' : ADMIN, o.Name);
    }
  });
