// Incoming mail (docs/mail.md, "Incoming mail"): `fulcrum mail ingest`
// logs each fixture of tests/fixtures/mail, written as Outlook, Gmail,
// Thunderbird and Apple Mail write, once, as an e-mail interaction owned by
// the rep, on the contact's open deal (or the contact) with the subject and
// the text without its quoted reply, and the attachments in the notes; a
// second ingest of the same message is a duplicate that changes nothing;
// an unknown address becomes a contact to engage on the rep's agenda; a
// message with no user among its addresses, and a malformed one, are
// reported and skipped. SQLite and, in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/mail-ingest.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb, ROOT } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');

const NOW = '2026-12-01T16:00:00Z';
const REP = 'rita@acme.test';
const MAIL = path.join(ROOT, 'tests', 'fixtures', 'mail');
const fixture = (name) => path.join(MAIL, name);

function setup() {
  const { db } = freshDb('fulcrum-ingest');
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss']);
  must(['user', 'add', '--email', REP, '--name', 'Rita Rep']);
  const contact = (name, email, account) => must(['contact', 'add', name, '--email', email,
    '--account', String(account)], { as: REP, json: true }).json();
  const lovelace = must(['account', 'add', 'Lovelace Ltd'], { as: REP, json: true }).json();
  const hopper = must(['account', 'add', 'Hopper Inc'], { as: REP, json: true }).json();
  const ada = contact('Ada Lovelace', 'ada@lovelace.example', lovelace.id);
  const grace = contact('Grace Hopper', 'grace@hopper.example', hopper.id);
  const rene = contact('René Descartes', 'rene@descartes.example', lovelace.id);
  const deal = (title, account, c) => must(['deal', 'add', title, '--account',
    String(account.id), '--contact', String(c.id), '--next', `call about ${title}`,
    '--due', '2026-12-10'], { as: REP, json: true }).json();
  const engine = deal('Analytical Engine', lovelace, ada);
  const licences = deal('Compiler licences', hopper, grace);
  const ingest = (files, opts = {}) => fulcrum(db, ['mail', 'ingest', ...files],
    { now: NOW, ...opts });
  // the notes' line ends travel as ⏎ through the shell's one line per row
  const nl = /^postgres/.test(db) ? 'chr(10)' : 'char(10)';
  const interactions = () => sqlRows(db, 'SELECT i.id, i.kind, i.deal_id, i.contact_id, '
    + `u.email, i.purpose, replace(i.notes, ${nl}, '⏎'), i.agreement, i.agreement_known, `
    + 'i.at FROM interactions i JOIN users u ON u.org_id = i.org_id AND u.id = i.owner_id '
    + 'ORDER BY i.id').map((r) => r.map((v) => v.replace(/⏎/g, '\n')));
  return { db, must, ingest, interactions, ada, grace, rene, engine, licences };
}

test('each client\'s message lands once, on the right deal, with the right text', () => {
  const s = setup();

  // Outlook: Ada wrote to Rita; the "From: Sent:" block is not logged
  let r = s.ingest([fixture('outlook.eml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${fixture('outlook.eml')}: logged for Rita Rep: Ada Lovelace `
    + 'on deal \'Analytical Engine\'\n');
  let rows = s.interactions();
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0].slice(1), ['email', String(s.engine.id), String(s.ada.id), REP,
    'RE: Engine pricing', 'Hi Rita,\n\nThanks for the figures. We would like a trial of '
    + 'the engine for\nthree months, starting in January – can you send the terms?\n\n'
    + 'Best regards,\nAda\n\nAttachments: winmail.dat (application/ms-tnef, 2 KB)',
    '0', '0', '2026-12-01T09:14:55Z']);

  // the same message again: a duplicate, nothing more is logged
  r = s.ingest([fixture('outlook.eml')], { json: true });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json(), [{
    file: fixture('outlook.eml'), outcome: 'duplicate',
    message_id: 'DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01.prod.exchangelabs.com',
    subject: 'RE: Engine pricing', interactions: [], candidates: [],
  }]);
  assert.equal(s.interactions().length, 1);

  // Apple Mail: Rita wrote (BCC), to Ada in capitals; inline image and PDF
  r = s.ingest([fixture('apple-mail.eml')], { json: true });
  const [apple] = r.json();
  assert.equal(apple.outcome, 'logged');
  assert.equal(apple.direction, 'sent');
  assert.deepEqual(apple.interactions.map((i) => [i.contact, i.deal]),
    [['Ada Lovelace', 'Analytical Engine']]);
  rows = s.interactions();
  assert.equal(rows.length, 2);
  assert.equal(rows[1][6], 'Dear Ada,\n\nHere is the usage chart:\n\nand the proposal is '
    + 'attached.\n\nRita\n\nAttachments: chart.png (image/png, 66 bytes), proposal.pdf '
    + '(application/pdf, 969 bytes)');
  assert.equal(rows[1][5], 'Proposal for the Analytical Engine');

  // Thunderbird: Latin-1, flowed, encoded words; René has no deal
  r = s.ingest([fixture('thunderbird.eml')]);
  assert.equal(r.stdout, `${fixture('thunderbird.eml')}: logged for Rita Rep: René Descartes\n`);
  rows = s.interactions();
  assert.deepEqual(rows[2].slice(2, 7), ['', String(s.rene.id), REP, 'Réunion à Paris',
    'Bonjour Rita, la réunion de mardi à Paris me convient très bien, nous parlerons du '
    + 'contrat.\n\nRené\n--\nRené Descartes, Cogito SA']);

  // the deals keep their agreed next step: an e-mail claims no agreement
  const deal = s.must(['deal', 'show', String(s.engine.id)], { as: REP, json: true }).json();
  assert.ok(deal.next_step_id, 'the deal still has its next step');
  // every message of this test is recorded once
  assert.deepEqual(sqlRows(s.db, 'SELECT outcome, COUNT(*) FROM mail_ingested GROUP BY outcome'),
    [['logged', '3']]);
});

test('an unknown address becomes a contact to engage on the sender\'s agenda', () => {
  const s = setup();
  const r = s.ingest([fixture('gmail.eml')], { json: true });
  assert.equal(r.code, 0, r.stderr);
  const [gmail] = r.json();
  assert.equal(gmail.outcome, 'logged');
  assert.equal(gmail.user.email, REP);
  assert.deepEqual(gmail.interactions.map((i) => [i.contact, i.deal ?? null]),
    [['Grace Hopper', 'Compiler licences'], ['Howard Aiken', null]]);
  assert.deepEqual(gmail.candidates.map((c) => [c.name, c.email]),
    [['Howard Aiken', 'howard.aiken@harvard.example']]);
  const howard = gmail.candidates[0].contact_id;

  const rows = s.interactions();
  assert.equal(rows[0][2], String(s.licences.id));
  assert.equal(rows[0][6], 'Hi Grace,\n\nGreat talking today. As agreed, I will send the '
    + 'compiler licence\nquote for 40 seats by Friday. Grüße from the café!\n\nRita');
  assert.equal(rows[0][9], '2026-12-01T09:30:00Z');

  const c = s.must(['contact', 'show', String(howard)], { as: REP, json: true }).json();
  assert.equal(c.name, 'Howard Aiken');
  assert.equal(c.email, 'howard.aiken@harvard.example');
  assert.equal(c.owner_id, s.grace.owner_id);
  assert.equal(c.source, 'outbound');
  const agenda = s.must(['agenda'], { as: REP, json: true }).json();
  const items = Array.isArray(agenda) ? agenda : agenda.items;
  const engage = items.filter((i) => i.kind === 'engage');
  assert.deepEqual(engage.map((i) => [i.contact_id, i.title]), [[howard, 'Howard Aiken']]);
  assert.match(engage[0].reason, /you e-mailed them about "Re: Compiler licences"/);

  // replayed on standard input: a duplicate, no second candidate
  const again = s.ingest([], { input: fs.readFileSync(fixture('gmail.eml'), 'utf8') });
  assert.equal(again.stdout, '-: duplicate (CAH+rita2x7Q@mail.gmail.com): logged before, '
    + 'nothing done\n');
  assert.equal(sqlRows(s.db, 'SELECT COUNT(*) FROM contacts WHERE lower(email) = '
    + '\'howard.aiken@harvard.example\'')[0][0], '1');
});

test('malformed mail and mail for nobody are reported and skipped', () => {
  const s = setup();
  const stranger = 'From: Eve <eve@elsewhere.example>\r\nTo: Bob <bob@elsewhere.example>\r\n'
    + 'Subject: hi\r\nMessage-ID: <x1@elsewhere.example>\r\n\r\nhello\r\n';
  let r = s.ingest([fixture('malformed.eml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${fixture('malformed.eml')}: malformed: the message's MIME structure `
    + 'is broken: a multipart part holds no part (its boundary never appears)\n');
  r = s.ingest([], { input: stranger, json: true });
  assert.deepEqual(r.json(), [{
    file: '-', outcome: 'no_user', message_id: 'x1@elsewhere.example', subject: 'hi',
    reason: 'none of its addresses (From, To, Cc) is an active user of the organisation',
    interactions: [], candidates: [],
  }]);
  assert.equal(s.interactions().length, 0);
  assert.equal(sqlRows(s.db, 'SELECT COUNT(*) FROM contacts')[0][0], '3');
  assert.deepEqual(sqlRows(s.db, 'SELECT message_key, outcome FROM mail_ingested ORDER BY 1'),
    [['broken.1@broken.example', 'malformed'], ['x1@elsewhere.example', 'no_user']]);

  // a rep cannot replay mail for the organisation; a missing file is named
  r = s.ingest([fixture('gmail.eml')], { as: REP });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /only an admin ingests mail/);
  r = s.ingest([path.join(MAIL, 'missing.eml')]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /cannot open '.*missing\.eml'/);
});

test('the same message fetched at once by several processes is logged once', async () => {
  const { spawn } = require('node:child_process');
  const { BIN } = require('../lib/cli.js');
  const s = setup();
  const run = () => new Promise((resolve, reject) => {
    const p = spawn(BIN, ['--db', s.db, '--json', 'mail', 'ingest', fixture('outlook.eml')],
      { env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: NOW } });
    let out = '';
    let errs = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { errs += d; });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, errs }));
  });
  const results = await Promise.all([run(), run(), run(), run()]);
  for (const r of results) assert.equal(r.code, 0, r.errs);
  const outcomes = results.map((r) => JSON.parse(r.out)[0].outcome).sort();
  assert.deepEqual(outcomes, ['duplicate', 'duplicate', 'duplicate', 'logged']);
  assert.equal(s.interactions().length, 1);
});
