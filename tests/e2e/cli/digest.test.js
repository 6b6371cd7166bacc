// The morning digest and reminders (docs/mail.md): `fulcrum mail digest`
// sends a rep their agenda's top items and counts with links into the UI,
// a manager the team summary, and a reminder of the next steps due that
// morning, through a real SMTP sink (python3-aiosmtpd); a user who turned
// the digest off gets none; a user whose time has not come gets nothing
// yet; a second run the same morning sends nothing again. SQLite and, in
// the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/digest.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');
const { startSink, header, body } = require('../lib/smtp-sink.js');
const { sqlRows } = require('../lib/sql.js');

const BEFORE = '2026-11-20T09:00:00Z';
const MORNING = '2026-12-01T07:30:00Z';
const REP = 'rita@acme.test';
const MANAGER = 'mona@acme.test';
const OFF = 'sam@acme.test';
const BASE = 'https://crm.acme.test';

function setup(sink) {
  const { dir, db } = freshDb('fulcrum-digest');
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(dir, 'secret.key');
  const must = (args, opts = {}) => ok(db, args, { now: BEFORE, ...opts });
  must(['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss']);
  must(['user', 'add', '--email', MANAGER, '--name', 'Mona', '--role', 'manager', '--team', 'east']);
  must(['user', 'add', '--email', REP, '--name', 'Rita', '--team', 'east']);
  must(['user', 'add', '--email', OFF, '--name', 'Sam', '--team', 'east']);
  must(['mail', 'settings', '--host', '127.0.0.1', '--port', String(sink.port),
    '--security', 'none', '--from', 'crm@acme.test', '--base-url', BASE]);
  const deal = (title, due, as = REP) => {
    const acct = must(['account', 'add', `${title} Inc`], { as, json: true }).json();
    const contact = must(['contact', 'add', `Buyer of ${title}`, '--account',
      String(acct.id)], { as, json: true }).json();
    return must(['deal', 'add', title, '--account', String(acct.id), '--contact',
      String(contact.id), '--next', `call about ${title}`, '--due', due],
    { as, json: true }).json();
  };
  const late = deal('Pilot', '2026-11-25');
  const today = deal('Renewal', '2026-12-01');
  deal('Sam\'s deal', '2026-11-26', OFF);
  return { db, must, late, today };
}

test('a rep and a manager get their digests, the rep a reminder; off means none', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, must, late, today } = setup(sink);
  must(['mail', 'preferences', '--digest', 'off', '--reminders', 'off'], { as: OFF });
  // the admin's time is later in the day: not yet
  must(['mail', 'preferences', '--user', 'boss@acme.test', '--time', '18:00']);

  const rows = must(['mail', 'digest'], { now: MORNING, json: true }).json();
  const state = Object.fromEntries(rows.map((r) => [r.email, [r.digest, r.reminder]]));
  assert.deepEqual(state, {
    'boss@acme.test': ['later', 'later'],
    [MANAGER]: ['sent', 'none'],
    [REP]: ['sent', 'sent'],
    [OFF]: ['off', 'off'],
  });

  const got = sink.messages();
  const to = (addr) => got.filter((m) => m.envelope.to[0] === addr);
  assert.equal(to(OFF).length, 0, 'a user who turned it off gets nothing');
  assert.equal(to('boss@acme.test').length, 0);

  const [repReminder, repDigest] = to(REP)
    .sort((a, b) => header(a.raw, 'Subject').localeCompare(header(b.raw, 'Subject')));
  assert.equal(header(repDigest.raw, 'To'), `"Rita" <${REP}>`);
  assert.equal(header(repDigest.raw, 'Subject'),
    'Your agenda for 2026-12-01: 1 overdue promise, 0 checks due, 0 asks waiting');
  const text = body(repDigest.raw);
  assert.match(text, /^Good morning Rita,\n\nYour agenda for 2026-12-01:\n/);
  assert.match(text, /- overdue promises: 1\n- checks due: 0\n- asks waiting: 0\n/);
  assert.match(text, /1\. Pilot\n   you promised 'call about Pilot' by 2026-11-25 \(6 days overdue\)\n/);
  assert.ok(text.includes(`${BASE}/deals/${late.id}\n`), 'each item links into the UI');
  assert.ok(text.includes(`${BASE}/deals/${today.id}\n`));
  assert.ok(!text.includes('Sam\'s deal'), 'a rep sees only their own agenda');

  assert.equal(header(repReminder.raw, 'Subject'), 'Due today (2026-12-01): 1 next step');
  const reminder = body(repReminder.raw);
  assert.match(reminder, /Renewal\n   you promised 'call about Renewal' for today/);
  assert.ok(!reminder.includes('Pilot'));

  const [mgr] = to(MANAGER);
  assert.equal(to(MANAGER).length, 1);
  assert.equal(header(mgr.raw, 'Subject'),
    'Your team\'s agenda for 2026-12-01: 2 overdue promises, 0 checks due, 0 asks waiting');
  const team = body(mgr.raw);
  assert.match(team, /Your team:\n/);
  assert.match(team, /- Rita: 2 items, 1 overdue promise\n/);
  assert.match(team, /- Sam: 1 item, 1 overdue promise\n/);
  assert.match(team, /Sam's deal/);

  // the same morning again: nothing more
  const again = must(['mail', 'digest'], { now: '2026-12-01T08:00:00Z', json: true }).json();
  assert.deepEqual(again.filter((r) => r.digest === 'sent' || r.reminder === 'sent'), []);
  assert.equal(sink.messages().length, got.length);
});

test('a dry run composes without sending; --user sends one user now', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { must } = setup(sink);
  const early = '2026-12-01T05:00:00Z';
  const dry = must(['mail', 'digest', '--dry-run', '--user', REP], { now: early, json: true }).json();
  assert.equal(dry.length, 1);
  assert.equal(dry[0].digest.state, 'would send');
  assert.match(dry[0].digest.body, /call about Pilot/);
  assert.equal(sink.messages().length, 0);
  // before the time of day, a run sends nothing; --user does
  const rows = must(['mail', 'digest'], { now: early, json: true }).json();
  assert.ok(rows.every((r) => r.digest === 'later' || r.digest === 'off'));
  must(['mail', 'digest', '--user', REP], { now: early });
  assert.deepEqual(sink.messages().map((m) => m.envelope.to[0]), [REP, REP]);
  const prefs = must(['mail', 'preferences'], { as: REP, json: true }).json();
  assert.deepEqual(prefs, { digest: true, reminders: true, time: '07:00', email: REP });
});

test("an admin's digest names the webhooks that stopped delivering", async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, must } = setup(sink);
  const hook = must(['webhook', 'add', 'https://hooks.acme.test/crm', '--event', 'deal.won'],
    { json: true }).json();
  const early = '2026-12-01T05:00:00Z';
  const before = must(['mail', 'digest', '--dry-run', '--user', 'boss@acme.test'],
    { now: early, json: true }).json();
  assert.doesNotMatch(before[0].digest.body, /Webhooks failing/);
  // as the delivery worker leaves it after a day of retries
  sqlRows(db, `UPDATE webhooks SET state = 'failing', failing_since = '2026-11-30T08:00:00Z' WHERE id = ${hook.id}`);
  const [admin] = must(['mail', 'digest', '--dry-run', '--user', 'boss@acme.test'],
    { now: early, json: true }).json();
  assert.match(admin.digest.body, new RegExp(`Webhooks failing [^\n]*:\n- #${hook.id} `
    + 'https://hooks\\.acme\\.test/crm, failing since 2026-11-30T08:00:00Z, 0 waiting\n'));
  const [manager] = must(['mail', 'digest', '--dry-run', '--user', MANAGER],
    { now: early, json: true }).json();
  assert.doesNotMatch(manager.digest.body, /Webhooks failing/, 'only admins manage webhooks');
});

test('the calendar feed rings for next steps, unless reminders are off', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { must } = setup(sink);
  const alarms = () => must(['export', 'ical'], { as: REP }).stdout.replace(/\r\n/g, '\n')
    .split('BEGIN:VEVENT').slice(1)
    .map((ev) => [/SUMMARY:(.*)/.exec(ev)[1], (/BEGIN:VALARM\n[^]*?TRIGGER:(\S+)/.exec(ev) || [])[1]]);
  assert.deepEqual(alarms(), [
    ['call about Pilot', 'PT9H'],
    ['call about Renewal', 'PT9H'],
  ]);
  must(['mail', 'preferences', '--reminders', 'off'], { as: REP });
  assert.deepEqual(alarms(), [
    ['call about Pilot', undefined],
    ['call about Renewal', undefined],
  ]);
});
