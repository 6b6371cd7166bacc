// Moving from another CRM loses no row (docs/import-decisions.md: picklists, leads
// and duplicates): picklist labels map through the synonyms or stay as
// their label beside source 'other'; rows with ids of their own sharing one
// address all arrive, flagged for `fulcrum duplicates`; a row that is a
// record we hold is skipped or merged with a line saying why; leads arrive
// as contacts to engage, a converted one linked to the contact it became.
// Fixtures: tests/fixtures/picklists (README.md there); the real Salesforce
// export in ../shared/data is an extra, skipped with a message when absent.
// Run alone: FULCRUM_BIN=build/fulcrum node --test tests/e2e/cli/import-decisions.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { fulcrum, ok } = require('../lib/cli.js');
const { freshDb, ROOT } = require('../lib/db.js');
const { parseCsv } = require('../lib/csv.js');

const FIX = path.join(ROOT, 'tests', 'fixtures', 'picklists');
const SF = path.join(FIX, 'salesforce');
const REAL = path.join(ROOT, '..', 'shared', 'data', 'salesforce-export-data-cloud-workshop');
const REAL_SKIP = !fs.existsSync(REAL) && `${REAL} is not present`;
const NOW = '2026-03-02T10:00:00Z';
const MASK = 'masked.user@example.invalid';

function freshOrg() {
  const d = freshDb('fulcrum-decisions');
  ok(d.db, ['init', '--org', 'Acme', '--admin-email', 'admin@acme.example',
    '--admin-name', 'Ada Admin']);
  return d;
}

// Imports FILE as KIND; returns the JSON summary and the lines of the
// rejected rows' file (its reason column), [] when it wrote none.
function load(d, kind, file, args = []) {
  const rej = path.join(d.dir, `${path.basename(file)}-${kind}.rejects.csv`);
  const r = fulcrum(d.db, ['--json', 'import', kind, file, '--rejects', rej, ...args],
    { now: NOW });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const reasons = fs.existsSync(rej) ? reasonsOf(fs.readFileSync(rej, 'utf8')) : [];
  return { sum: r.json(), reasons };
}

// The last field of each data row of a CSV: the reason column.
function reasonsOf(text) {
  return parseCsv(text).slice(1).map((r) => r[r.length - 1]);
}

function contacts(db) {
  return ok(db, ['--json', 'contact', 'list', '--limit', '1000']).json();
}

function accounted(sum) {
  assert.equal(sum.read, sum.imported + sum.updated + sum.skipped + sum.rejected,
    JSON.stringify(sum));
}

test('contacts with ids of their own sharing one address all arrive, flagged with why', () => {
  const d = freshOrg();
  load(d, 'accounts', path.join(SF, 'Account.csv'), ['--preset', 'salesforce']);
  // their account Type is a picklist too: 'Customer - Direct' is a customer
  const accounts = ok(d.db, ['--json', 'account', 'list']).json()
    .map((a) => [a.name, a.status]).sort();
  assert.deepEqual(accounts, [['Harbour Freight Co', 'customer'], ['Lumen Labs', 'prospect']]);
  const { sum, reasons } = load(d, 'contacts', path.join(SF, 'Contact.csv'),
    ['--preset', 'salesforce']);
  assert.deepEqual([sum.read, sum.imported, sum.flagged, sum.skipped, sum.rejected],
    [7, 7, 5, 0, 0]);
  accounted(sum);
  assert.equal(sum.decisions.length, 5);
  assert.equal(reasons.length, 5);
  for (const why of reasons) {
    assert.match(why, /^flagged: likely the same contact as Grace Hopper \(#\d+\): same e-mail masked\.user@example\.invalid; imported as a record of its own/);
  }
  const shared = contacts(d.db).filter((c) => c.email === MASK).map((c) => c.name).sort();
  assert.deepEqual(shared, ['Alan Turing', 'Barbara Liskov', 'Donald Knuth', 'Edsger Dijkstra',
    'Grace Hopper', 'Katherine Johnson']);
  // the merge tool's list holds every pair
  const pairs = ok(d.db, ['--json', 'duplicates', 'contacts', '--limit', '100']).json().items;
  assert.equal(pairs.length, 15, JSON.stringify(pairs).slice(0, 400));

  // opportunities find their contacts by Id: no invented "Contact at ..."
  const deals = load(d, 'deals', path.join(SF, 'Opportunity.csv'), ['--preset', 'salesforce']);
  assert.equal(deals.sum.imported, 3, JSON.stringify(deals.sum));
  const byId = new Map(contacts(d.db).map((c) => [c.id, c.name]));
  const linked = ok(d.db, ['--json', 'deal', 'list', '--limit', '100']).json()
    .map((x) => [x.title, byId.get(x.contact_id)]).sort();
  assert.deepEqual(linked, [['Harbour Freight - Depot', 'Katherine Johnson'],
    ['Harbour Freight - Fleet', 'Barbara Liskov'], ['Lumen Labs - Sensors', 'Mary Jackson']]);
  assert.equal(contacts(d.db).filter((c) => /^Contact at/.test(c.name)).length, 0);
});

test('leads arrive as contacts to engage with their sources; a converted lead is the contact it became', () => {
  const d = freshOrg();
  load(d, 'accounts', path.join(SF, 'Account.csv'), ['--preset', 'salesforce']);
  load(d, 'contacts', path.join(SF, 'Contact.csv'), ['--preset', 'salesforce']);
  const { sum, reasons } = load(d, 'leads', path.join(SF, 'Lead.csv'), ['--preset', 'salesforce']);
  assert.deepEqual([sum.read, sum.imported, sum.updated, sum.flagged, sum.rejected],
    [11, 10, 1, 1, 0], JSON.stringify(sum));
  accounted(sum);
  assert.equal(reasons.length, 2);
  assert.match(reasons.find((r) => r.startsWith('updated:')),
    /^updated: the lead became contact #7 and its deal in their CRM|^updated: the lead became contact #7 in their CRM/);
  assert.match(reasons.find((r) => r.startsWith('flagged:')), /same e-mail masked\.user@example\.invalid/);

  const all = contacts(d.db);
  assert.equal(all.length, 7 + 10);
  const got = (name) => all.find((c) => c.name === name);
  const src = (name) => [got(name).source, got(name).source_label ?? null, got(name).lead_status];
  assert.deepEqual(src('Ines Moreau'), ['web', 'Online Form', 'Working']);
  assert.deepEqual(src('Tomas Berg'), ['referral', 'Partner Referral', 'New']);
  assert.deepEqual(src('Aiko Tanaka'), ['event', 'trade  SHOW', 'Qualified']);
  assert.deepEqual(src('Ravi Patel'), ['event', 'Seminar', 'New']);
  assert.deepEqual(src('Lena Fischer'), ['outbound', 'Cold Call', 'Working']);
  assert.deepEqual(src('Omar Haddad'), ['inbound', 'Advertisement', 'New']);
  assert.deepEqual(src('Sofia Rossi'), ['other', 'Podcast', 'New']);
  // what a lead says of its company fills its account where it is empty
  const industry = Object.fromEntries(ok(d.db, ['--json', 'account', 'list']).json()
    .map((a) => [a.name, a.industry]));
  assert.deepEqual(industry, { 'Harbour Freight Co': 'Transportation', 'Lumen Labs': 'Biotechnology',
    'Quarry Works': 'Retail' });
  // Mary Jackson's lead was converted into her contact: one person
  assert.equal(all.filter((c) => c.name === 'Mary Jackson').length, 1);
  assert.equal(got('Mary Jackson').lead_status, 'Closed - Converted');

  // open leads stand at engage on the agenda; the unqualified and the
  // converted ones do not
  const engage = ok(d.db, ['--json', 'agenda', '--limit', '200'], { now: NOW }).json()
    .filter((a) => a.step === 'engage').map((a) => a.title).sort();
  assert.deepEqual(engage, ['Aiko Tanaka', 'Ines Moreau', 'Lena Fischer', 'Omar Haddad',
    'Ravi Patel', 'Sofia Rossi', 'Tomas Berg', 'Yusuf Demir']);

  // the lead converted into a contact the export did not hold is that
  // contact when their contacts come after it
  const later = path.join(d.dir, 'Contact-later.csv');
  fs.writeFileSync(later, 'Id,FirstName,LastName,Email\n'
    + '003Pk000000Con099,Noor,Aziz,noor.aziz@quarry.example\n');
  const again = load(d, 'contacts', later, ['--preset', 'salesforce']);
  assert.deepEqual([again.sum.skipped, again.sum.imported], [1, 0]);
  assert.match(again.reasons[0], /^skipped: contact #\d+ is there with the same id of theirs/);
  assert.equal(contacts(d.db).filter((c) => c.name === 'Noor Aziz').length, 1);
});

test('a row for a contact we hold is skipped or merged with a line saying why', () => {
  const d = freshOrg();
  ok(d.db, ['contact', 'add', 'Ada Lovelace', '--email', 'ada@engines.example']);
  const file = path.join(d.dir, 'people.csv');
  fs.writeFileSync(file, 'name,email,title\nAda L.,ADA@engines.example,Analyst\n'
    + 'Charles Babbage,charles@engines.example,Inventor\n');
  let r = load(d, 'contacts', file);
  assert.deepEqual([r.sum.imported, r.sum.skipped, r.sum.rejected], [1, 1, 0]);
  assert.deepEqual(r.reasons, ['skipped: contact #1 is there with the same e-mail '
    + '(--on-duplicate update merges the row into it)']);
  r = load(d, 'contacts', file, ['--on-duplicate', 'update']);
  assert.deepEqual([r.sum.updated, r.sum.imported], [2, 0]);
  assert.equal(r.reasons[0], 'updated: merged into contact #1, which has the same e-mail');
  assert.equal(contacts(d.db).find((c) => c.id === 1).title, 'Analyst');
  // the human summary counts each outcome and names the file
  const human = fulcrum(d.db, ['import', 'contacts', file, '--rejects',
    path.join(d.dir, 'h.csv')], { now: NOW });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^read 2, imported 0, updated 0, skipped 2, rejected 0\nrows skipped, merged or flagged, with why: /);
});

test('HubSpot and Pipedrive shapes: people sharing an office address all arrive', () => {
  const d = freshOrg();
  const hs = load(d, 'contacts', path.join(FIX, 'hubspot', 'contacts.csv'), ['--preset', 'hubspot']);
  assert.deepEqual([hs.sum.read, hs.sum.imported, hs.sum.flagged, hs.sum.rejected], [4, 4, 1, 0]);
  const pd = load(d, 'contacts', path.join(FIX, 'pipedrive', 'people.csv'), ['--preset', 'pipedrive']);
  assert.deepEqual([pd.sum.read, pd.sum.imported, pd.sum.flagged, pd.sum.rejected], [3, 3, 1, 0]);
  const all = contacts(d.db);
  const src = (name) => {
    const c = all.find((x) => x.name === name);
    return [c.source ?? null, c.source_label ?? null];
  };
  assert.deepEqual(src('Astrid Lind'), ['web', 'ORGANIC_SEARCH']);
  assert.deepEqual(src('Bjorn Dahl'), ['other', 'OFFLINE']);
  assert.deepEqual(src('Cecilie Holm'), ['web', 'Paid Social']);
  assert.deepEqual(src('Dag Berge'), ['other', 'AI_REFERRALS']);
  assert.equal(all.filter((c) => c.email === 'office@volga.example').length, 2);
});

test('the real Salesforce export: every contact and every lead arrives', { skip: REAL_SKIP }, () => {
  const d = freshOrg();
  load(d, 'accounts', path.join(REAL, 'Account.csv'), ['--preset', 'salesforce']);
  const c = load(d, 'contacts', path.join(REAL, 'Contact.csv'), ['--preset', 'salesforce']);
  assert.equal(c.sum.rejected, 0, JSON.stringify(c.sum.rejects).slice(0, 400));
  assert.equal(c.sum.imported, c.sum.read);
  const l = load(d, 'leads', path.join(REAL, 'Lead.csv'), ['--preset', 'salesforce']);
  assert.equal(l.sum.read, 60);
  assert.equal(l.sum.rejected, 0, JSON.stringify(l.sum.rejects).slice(0, 400));
  assert.equal(l.sum.imported + l.sum.updated, 60);
  const all = contacts(d.db);
  assert.equal(all.length, c.sum.read + 60);
  assert.equal(all.filter((x) => x.source_label === 'Online Form' && x.source === 'web').length, 13);
});

test('--keep-unmapped keeps the columns no field takes: a custom field of that name, else the notes', () => {
  const d = freshOrg();
  ok(d.db, ['field', 'add', 'department', '--kind', 'contact', '--type', 'text', '--label', 'Department']);
  const file = path.join(d.dir, 'Contact.csv');
  fs.writeFileSync(file, 'Id,FirstName,LastName,Email,Department,MailingCity,HomePhone,Description,Fax\n'
    + '003X1,Grace,Hopper,grace@navy.example,R&D,Arlington,555-0100,Met at the expo,\n'
    + '003X2,Alan,Turing,alan@npl.example,,,,,\n');
  const { sum } = load(d, 'contacts', file, ['--preset', 'salesforce', '--keep-unmapped']);
  assert.deepEqual([sum.imported, sum.rejected], [2, 0]);
  assert.deepEqual(sum.ignored_columns, []);
  const grace = ok(d.db, ['--json', 'contact', 'show', '1']).json();
  assert.equal(grace.custom.department, 'R&D');
  assert.equal(grace.notes, 'Met at the expo\n\nImported fields: MailingCity: Arlington; HomePhone: 555-0100');
  const alan = ok(d.db, ['--json', 'contact', 'show', '2']).json();
  assert.equal(alan.notes ?? null, null);
  // without the flag those columns are listed as not imported
  const plain = load(d, 'contacts', file, ['--preset', 'salesforce', '--on-duplicate', 'update']);
  assert.deepEqual(plain.sum.ignored_columns, ['Department', 'MailingCity', 'HomePhone', 'Fax']);
});
