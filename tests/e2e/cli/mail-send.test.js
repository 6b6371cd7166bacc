// Sending from a deal (docs/mail.md, "Sending from a deal" and
// "Templates"): a template's merge fields are rendered from the deal (the
// contact's names, the account, the wants, the next step proposed, the
// sender), the message reaches a real SMTP sink (python3-aiosmtpd) and is
// logged on the deal as an e-mail interaction with the next step it
// proposes; a message the server refuses logs nothing; a rep cannot send
// on a deal they cannot see; unknown merge fields are refused by name when
// a template is saved, and only admins and managers manage templates.
// Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/mail-send.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');
const { startSink, header, body } = require('../lib/smtp-sink.js');

const NOW = '2026-12-01T09:00:00Z';
const REP = 'rita@acme.test';
const OTHER = 'sam@acme.test';
const MANAGER = 'mona@acme.test';
const TEMPLATE = [
  'Hello {{first_name}},',
  '',
  'thank you for the call about {{deal}} for {{ account }}. You told us:',
  '{{wants}}',
  'Next: {{next_step}} on {{next_step_due}}.',
  '',
  '{{sender}}',
].join('\n');

function setup(sink) {
  const { dir, db } = freshDb('fulcrum-mail-send');
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(dir, 'secret.key');
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss']);
  must(['user', 'add', '--email', REP, '--name', 'Rita Ramos']);
  must(['user', 'add', '--email', OTHER, '--name', 'Sam']);
  must(['user', 'add', '--email', MANAGER, '--name', 'Mona', '--role', 'manager']);
  must(['mail', 'settings', '--host', '127.0.0.1', '--port', String(sink.port),
    '--security', 'none', '--from', 'crm@acme.test', '--from-name', 'Acme CRM']);
  const acct = must(['account', 'add', 'Globex Ltd'], { as: REP, json: true }).json();
  const contact = must(['contact', 'add', 'Hank Scorpio', '--account', String(acct.id),
    '--email', 'hank@globex.test'], { as: REP, json: true }).json();
  const deal = must(['deal', 'add', 'Doomsday device', '--account', String(acct.id),
    '--contact', String(contact.id), '--next', 'first call', '--due', '2026-12-01'],
  { as: REP, json: true }).json();
  must(['want', 'add', 'a volcano base', '--deal', String(deal.id), '--importance', '5', '--kind', 'objective'], { as: REP });
  must(['want', 'add', 'fewer spies', '--deal', String(deal.id), '--importance', '2', '--kind', 'problem'], { as: REP });
  const file = path.join(dir, 'body.txt');
  fs.writeFileSync(file, TEMPLATE);
  return { dir, db, must, deal, contact, file };
}

test('a template sent from the deal arrives rendered and is logged on the deal', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, must, deal, file } = setup(sink);
  must(['mail', 'template', 'add', 'Follow-up', '--subject', 'Your {{deal}}, {{first_name}}',
    '--body-file', file], { as: MANAGER });
  const list = must(['mail', 'template', 'list'], { as: REP, json: true }).json();
  assert.deepEqual(list.map((x) => x.name), ['Follow-up']);

  // the preview renders without sending or logging
  const seen = must(['mail', 'send', '--deal', String(deal.id), '--template', 'Follow-up',
    '--next-step', 'a demo of the laser', '--next-step-due', '2026-12-08', '--preview'],
  { as: REP, json: true }).json();
  assert.equal(seen.subject, 'Your Doomsday device, Hank');
  assert.equal(sink.messages().length, 0);

  const sent = must(['mail', 'send', '--deal', String(deal.id), '--template', 'Follow-up',
    '--next-step', 'a demo of the laser', '--next-step-due', '2026-12-08'],
  { as: REP, json: true }).json();
  const expected = [
    'Hello Hank,',
    '',
    'thank you for the call about Doomsday device for Globex Ltd. You told us:',
    '- a volcano base',
    '- fewer spies',
    '',
    'Next: a demo of the laser on 2026-12-08.',
    '',
    'Rita Ramos',
  ].join('\n');
  assert.equal(sent.body, expected);
  assert.deepEqual(seen.body, sent.body, 'the preview is what is sent');

  const got = sink.messages();
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].envelope, { from: 'crm@acme.test', to: ['hank@globex.test'] });
  assert.equal(header(got[0].raw, 'To'), '"Hank Scorpio" <hank@globex.test>');
  assert.equal(header(got[0].raw, 'Subject'), 'Your Doomsday device, Hank');
  assert.equal(body(got[0].raw).trimEnd(), expected);

  // logged on the deal as an e-mail with the proposed next step
  const rows = sqlRows(db, `SELECT i.id, i.kind, i.purpose, i.agreement, n.what, n.due
    FROM interactions i LEFT JOIN next_steps n ON n.id = i.next_step_id
    WHERE i.deal_id = ${deal.id} AND i.kind = 'email'`);
  assert.equal(rows.length, 1);
  assert.equal(String(rows[0][0]), String(sent.interaction_id));
  assert.deepEqual(rows[0].slice(1).map(String),
    ['email', 'Your Doomsday device, Hank', '1', 'a demo of the laser', '2026-12-08']);
  // the notes hold the whole message (compared by length and ends, as the
  // SQL client's output is line by line)
  const notes = `To: Hank Scorpio <hank@globex.test>\n\n${expected}`;
  const [[length, starts, ends]] = sqlRows(db, `SELECT length(notes),
    notes LIKE 'To: Hank Scorpio <hank@globex.test>%', notes LIKE '%- fewer spies%Rita Ramos'
    FROM interactions WHERE id = ${sent.interaction_id}`);
  assert.equal(Number(length), notes.length);
  assert.ok([starts, ends].every((v) => ['1', 't', 'true', 1, true].includes(v)), `${starts} ${ends}`);
});

test('on an open deal the message says what next step it proposes', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, must, deal, file } = setup(sink);
  const r = fulcrum(db, ['mail', 'send', '--deal', String(deal.id), '--subject', 'Hi',
    '--body-file', file], { as: REP, now: NOW });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /next-step-required/);
  assert.equal(sink.messages().length, 0);
  // an explicit "none": the deal's current next step fills the fields
  must(['mail', 'send', '--deal', String(deal.id), '--subject', 'Hi {{name}}',
    '--body-file', file, '--no-next-step', '--to', 'other@globex.test'], { as: REP });
  const got = sink.messages();
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].envelope.to, ['other@globex.test']);
  assert.match(body(got[0].raw), /Next: first call on 2026-12-01\./);
  const [[agreement]] = sqlRows(db, `SELECT agreement FROM interactions WHERE deal_id = ${deal.id} AND kind = 'email'`);
  assert.equal(String(agreement), '0');
});

test('a message the server refuses logs nothing and says why', async (t) => {
  const sink = await startSink();
  const { db, must, deal, file } = setup(sink);
  await sink.stop();   // nothing listens on the port any more
  const before = sqlRows(db, 'SELECT COUNT(*) FROM interactions')[0][0];
  const steps = sqlRows(db, 'SELECT COUNT(*) FROM next_steps')[0][0];
  const r = fulcrum(db, ['mail', 'send', '--deal', String(deal.id), '--subject', 'Hi',
    '--body-file', file, '--next-step', 'demo', '--next-step-due', '2026-12-08'],
  { as: REP, now: NOW });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /mail server 127\.0\.0\.1:\d+ did not take the message/);
  assert.equal(sqlRows(db, 'SELECT COUNT(*) FROM interactions')[0][0], before);
  assert.equal(sqlRows(db, 'SELECT COUNT(*) FROM next_steps')[0][0], steps);
  must(['deal', 'show', String(deal.id)], { as: REP });
});

test('a rep cannot send on a deal they cannot see', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, deal, contact, file } = setup(sink);
  for (const args of [['--deal', String(deal.id)], ['--contact', String(contact.id)]]) {
    const r = fulcrum(db, ['mail', 'send', ...args, '--subject', 'Hi', '--body-file', file,
      '--no-next-step'], { as: OTHER, now: NOW });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /not found|no deal|no contact|does not exist/i);
  }
  assert.equal(sink.messages().length, 0);
  assert.equal(String(sqlRows(db, "SELECT COUNT(*) FROM interactions WHERE kind = 'email'")[0][0]), '0');
});

test('templates: unknown fields refused by name; reps use but do not manage them', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, must, file } = setup(sink);
  let r = fulcrum(db, ['mail', 'template', 'add', 'Bad', '--subject', 'Hi {{nickname}}',
    '--body-file', file], { now: NOW });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /\{\{nickname\}\}/);
  assert.match(r.stderr, /first_name, name, account, deal, wants, next_step, next_step_due, sender/);
  r = fulcrum(db, ['mail', 'template', 'add', 'Open', '--subject', 'Hi {{name',
    '--body-file', file], { now: NOW });
  assert.match(r.stderr, /not closed/);
  r = fulcrum(db, ['mail', 'template', 'add', 'Mine', '--subject', 'Hi', '--body-file', file],
    { as: REP, now: NOW });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /only admins and managers/);
  assert.equal(String(sqlRows(db, 'SELECT COUNT(*) FROM mail_templates')[0][0]), '0');

  must(['mail', 'template', 'add', 'Intro', '--subject', 'Hello {{first_name}}',
    '--body-file', file]);
  r = fulcrum(db, ['mail', 'template', 'add', 'Intro', '--subject', 'x', '--body-file', file],
    { now: NOW });
  assert.match(r.stderr, /already exists/);
  must(['mail', 'template', 'edit', 'Intro', '--name', 'Welcome', '--subject', 'Welcome {{name}}'],
    { as: MANAGER });
  const shown = must(['mail', 'template', 'show', 'Welcome'], { as: REP, json: true }).json();
  assert.equal(shown.subject, 'Welcome {{name}}');
  assert.equal(shown.body, TEMPLATE);
  r = fulcrum(db, ['mail', 'template', 'edit', 'Welcome', '--subject', '{{sender_email}}'],
    { now: NOW });
  assert.match(r.stderr, /\{\{sender_email\}\}/);
  r = fulcrum(db, ['mail', 'template', 'remove', 'Welcome'], { as: REP, now: NOW });
  assert.notEqual(r.code, 0);
  must(['mail', 'template', 'remove', 'Welcome'], { as: MANAGER });
  assert.equal(must(['mail', 'template', 'list'], { json: true }).json().length, 0);
});
