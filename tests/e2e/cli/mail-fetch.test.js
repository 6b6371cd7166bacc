// Incoming mail from a real IMAP server (docs/mail.md, "The BCC mailbox"):
// a throwaway Dovecot (tests/mail/dovecot.sh, Debian's dovecot-imapd)
// receives messages written as Outlook, Gmail, Thunderbird and Apple Mail
// write them (tests/fixtures/mail); `fulcrum mail fetch` logs each once on
// the right deal, marks it \Seen (or moves it), skips a malformed one and
// one for nobody without fetching them again, and a second fetch logs
// nothing; `fulcrum serve` fetches on its own, and a server killed with
// SIGKILL in the middle of a large batch loses nothing and logs nothing
// twice once it starts again. The mailbox's password is sealed, never in
// the database in clear. SQLite and, in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/mail-fetch.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { freshDb, ROOT } = require('../lib/db.js');
const { BIN, fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');
const { startDovecot } = require('../lib/dovecot.js');

const NOW = '2026-12-01T16:00:00Z';
const REP = 'rita@acme.test';
const MAIL = path.join(ROOT, 'tests', 'fixtures', 'mail');
const FIXTURES = ['outlook.eml', 'gmail.eml', 'thunderbird.eml', 'apple-mail.eml',
  'malformed.eml'];
const NOBODY = 'From: Someone <x@elsewhere.example>\r\nTo: Other <y@elsewhere.example>\r\n'
  + 'Subject: hi\r\nMessage-ID: <x1@elsewhere.example>\r\n'
  + 'Date: Tue, 01 Dec 2026 09:00:00 +0000\r\n\r\nNot for the CRM.\r\n';

function setup(imap) {
  const { dir, db, kind } = freshDb('fulcrum-fetch');
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(dir, 'secret.key');
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss']);
  must(['user', 'add', '--email', REP, '--name', 'Rita Rep']);
  const contact = (name, email, account) => must(['contact', 'add', name, '--email', email,
    '--account', String(account)], { as: REP, json: true }).json();
  const lovelace = must(['account', 'add', 'Lovelace Ltd'], { as: REP, json: true }).json();
  const hopper = must(['account', 'add', 'Hopper Inc'], { as: REP, json: true }).json();
  const ada = contact('Ada Lovelace', 'ada@lovelace.example', lovelace.id);
  const grace = contact('Grace Hopper', 'grace@hopper.example', hopper.id);
  contact('René Descartes', 'rene@descartes.example', lovelace.id);
  const deal = (title, account, c) => must(['deal', 'add', title, '--account',
    String(account.id), '--contact', String(c.id), '--next', `call about ${title}`,
    '--due', '2026-12-10'], { as: REP, json: true }).json();
  const engine = deal('Analytical Engine', lovelace, ada);
  const licences = deal('Compiler licences', hopper, grace);
  must(['mail', 'mailbox', '--host', '127.0.0.1', '--port', String(imap.port),
    '--security', 'none', '--user', imap.user, '--password-stdin'],
  { input: `${imap.password}\n` });
  const fetch = () => fulcrum(db, ['mail', 'fetch'], { now: NOW, json: true });
  const emails = () => sqlRows(db, "SELECT deal_id, contact_id FROM interactions WHERE kind = 'email' "
    + 'ORDER BY id');
  return { dir, db, kind, must, fetch, emails, engine, licences };
}

test('mail fetch logs each message once on its deal and marks it read; a second fetch logs nothing', (t) => {
  const imap = startDovecot();
  t.after(() => imap.stop());
  const s = setup(imap);
  for (const f of FIXTURES) imap.deliver(fs.readFileSync(path.join(MAIL, f)));
  imap.deliver(NOBODY);

  const r = s.fetch();
  assert.equal(r.code, 0, r.stderr);
  const got = r.json();
  assert.equal(got.fetched, 6);
  assert.deepEqual([got.logged, got.duplicate, got.no_user, got.malformed, got.too_large],
    [4, 0, 1, 1, 0]);
  assert.deepEqual(got.messages.map((m) => m.uid), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(got.messages.map((m) => m.outcome),
    ['logged', 'logged', 'logged', 'logged', 'malformed', 'no_user']);
  assert.match(r.stderr, /message UID 5: .*skipped/, 'the malformed message is logged');

  // on the right deals: Ada's two (Outlook, Apple Mail), Grace's one
  // (Gmail), René's and the new contact Howard's (copied on the Gmail
  // message) on the contact alone
  const emails = s.emails();
  assert.equal(emails.length, 5);
  assert.equal(got.messages.reduce((n, m) => n + m.interactions, 0), 5);
  assert.equal(emails.filter(([d]) => d === String(s.engine.id)).length, 2);
  assert.equal(emails.filter(([d]) => d === String(s.licences.id)).length, 1);
  assert.equal(emails.filter(([d]) => d === '').length, 2);

  // every message is marked read, none is lost
  const inbox = imap.messages();
  assert.equal(inbox.length, 6);
  assert.ok(inbox.every((m) => m.seen), JSON.stringify(inbox.map((m) => m.file)));

  // a second fetch finds nothing new and logs nothing
  const again = s.fetch();
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json().fetched, 0);
  assert.equal(s.emails().length, 5);

  // a message that arrives later is fetched by the next pass
  imap.deliver(fs.readFileSync(path.join(MAIL, 'gmail.eml')).toString()
    .replace('CAH+rita2x7Q@mail.gmail.com', 'CAH+rita-later@mail.gmail.com'));
  const later = s.fetch().json();
  assert.deepEqual(later.messages.map((m) => [m.uid, m.outcome]), [[7, 'logged']]);
  assert.equal(s.emails().length, 7, "Grace and Howard again");

  // the text output: one line per message and a summary
  imap.deliver(NOBODY.replace('x1@', 'x2@'));
  const text = ok(s.db, ['mail', 'fetch'], { now: NOW });
  assert.equal(text.stdout, 'UID 8  no_user     x2@elsewhere.example  '
    + 'none of its addresses (From, To, Cc) is an active user of the organisation\n'
    + 'fetched 1 message(s): 0 logged, 0 already logged, 1 from no user, 0 malformed, '
    + '0 too large\n');
});

test('logged messages move to another folder; the password is sealed', (t) => {
  const imap = startDovecot();
  t.after(() => imap.stop());
  const s = setup(imap);
  imap.createFolder('Logged');
  // the password read from a file this time (as a cron job's would be)
  const file = path.join(s.dir, 'imap.password');
  fs.writeFileSync(file, `${imap.password}\n`, { mode: 0o600 });
  s.must(['mail', 'mailbox', '--no-password']);
  assert.equal(s.must(['mail', 'mailbox'], { json: true }).json().password_set, false);
  s.must(['mail', 'mailbox', '--password-file', file]);
  const shown = s.must(['mail', 'mailbox', '--after', 'move', '--move-to', 'Logged'],
    { json: true }).json();
  assert.deepEqual(shown, {
    host: '127.0.0.1', port: imap.port, security: 'none', username: imap.user,
    password_set: true, folder: 'INBOX', after_logged: 'move', move_to: 'Logged',
  });
  imap.deliver(fs.readFileSync(path.join(MAIL, 'outlook.eml')));
  imap.deliver(NOBODY);
  const got = s.fetch().json();
  assert.deepEqual(got.messages.map((m) => m.outcome), ['logged', 'no_user']);
  const moved = imap.messages('Logged');
  assert.equal(moved.length, 1);
  assert.match(moved[0].text, /DB9PR01MB1234ABCD/);
  const left = imap.messages();
  assert.equal(left.length, 1, 'the message for nobody stays, read');
  assert.ok(left[0].seen);
  assert.match(left[0].text, /x1@elsewhere/);

  // the password is nowhere in the database in clear
  if (s.kind === 'sqlite') {
    for (const f of [s.db, `${s.db}-wal`]) {
      if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f).includes(Buffer.from(imap.password)));
    }
  }
  const [[box]] = sqlRows(s.db, 'SELECT password_box FROM mail_mailbox');
  assert.match(box, /^v1:/);
  assert.ok(!sqlRows(s.db, 'SELECT * FROM mail_mailbox').flat().join('\t').includes(imap.password));

  // bad settings are refused, naming the rule, and change nothing
  for (const [args, rule] of [
    [['--after', 'delete'], /'after_logged' must be seen or move/],
    [['--security', 'ssl'], /'security' must be tls, starttls or none/],
    [['--port', '70000'], /'port' must be a number from 1 to 65535/],
    [['--folder', 'In"box'], /'folder' must be a folder name/],
    [['--move-to', 'INBOX'], /'move_to' must be another folder than 'INBOX'/],
    [['--host', 'bad host'], /'host' must be a host name or address/],
  ]) {
    const r = fulcrum(s.db, ['mail', 'mailbox', ...args], { now: NOW });
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, rule);
  }
  assert.deepEqual(s.must(['mail', 'mailbox'], { json: true }).json(), shown);
  const rep = fulcrum(s.db, ['mail', 'mailbox'], { now: NOW, as: REP });
  assert.notEqual(rep.code, 0);
  assert.match(rep.stderr, /only admins/);
});

// A free port of 127.0.0.1.
function freePort() {
  return new Promise((done) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });
}

// Starts `fulcrum serve` on PORT polling the mailbox every 100 ms. The
// same port after a restart is the same node, whose fetch lease is its
// own (another node would wait for the lease to run out).
function serve(db, port, intervalMs = 100) {
  const proc = spawn(BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FULCRUM_DB: '', FULCRUM_MAIL_FETCH_INTERVAL_MS: String(intervalMs) },
  });
  const exit = new Promise((done) => proc.on('exit', done));
  proc.stdout.resume();
  proc.stderr.resume();
  return { proc, exit };
}

const sleep = (ms) => new Promise((done) => { setTimeout(done, ms); });

async function until(what, check, ms = 60000, status = () => '') {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} ${status()}`);
    await sleep(20);
  }
}

test('serve fetches on its own; killed mid-batch it loses nothing and logs nothing twice', async (t) => {
  const imap = startDovecot();
  t.after(() => imap.stop());
  const s = setup(imap);
  const N = 150;
  // large messages, so that the batch takes a while
  const filler = `${'All the details of the engine, again and again. '.repeat(40)}\r\n`.repeat(40);
  for (let i = 1; i <= N; i++) {
    imap.deliver(`From: Rita Rep <${REP}>\r\nTo: Ada Lovelace <ada@lovelace.example>\r\n`
      + `Subject: Batch ${i}\r\nMessage-ID: <batch-${i}@acme.test>\r\n`
      + 'Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n'
      + `Content-Type: text/plain; charset=UTF-8\r\n\r\nMessage ${i}.\r\n${filler}`);
  }
  const count = () => Number(sqlRows(s.db, "SELECT count(*) FROM interactions WHERE kind = 'email'")[0][0]);

  const port = await freePort();
  let server = serve(s.db, port);
  t.after(() => server.proc.kill('SIGKILL'));
  const before = await until('the first messages to be logged', () => {
    const n = count();
    return n > 0 ? n : 0;
  });
  server.proc.kill('SIGKILL');
  await server.exit;
  assert.ok(before < N, `killed after ${before} of ${N}: the batch was not cut`);

  server = serve(s.db, port);
  const log = [];
  server.proc.stderr.on('data', (d) => log.push(String(d)));
  await until('every message to be logged', () => count() >= N, 240000,
    () => `(${count()} of ${N} logged; the server said: ${log.join('')})`);
  // a pass more: nothing else is logged
  await sleep(500);
  server.proc.kill('SIGTERM');
  await server.exit;

  const rows = sqlRows(s.db, "SELECT purpose, deal_id FROM interactions WHERE kind = 'email' ORDER BY id");
  assert.equal(rows.length, N, 'each message logged exactly once');
  assert.equal(new Set(rows.map(([p]) => p)).size, N);
  assert.ok(rows.every(([, d]) => d === String(s.engine.id)));
  const inbox = imap.messages();
  assert.equal(inbox.length, N);
  assert.ok(inbox.every((m) => m.seen));
});

test('two mail fetch runs at once: one reads the mailbox, the other says the lease is held', async (t) => {
  const imap = startDovecot();
  t.after(() => imap.stop());
  const s = setup(imap);
  const N = 60;
  const filler = `${'The terms of the licence, once more. '.repeat(40)}\r\n`.repeat(40);
  for (let i = 1; i <= N; i++) {
    imap.deliver(`From: Rita Rep <${REP}>\r\nTo: Grace Hopper <grace@hopper.example>\r\n`
      + `Subject: Cron ${i}\r\nMessage-ID: <cron-${i}@acme.test>\r\n`
      + 'Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n'
      + `Content-Type: text/plain; charset=UTF-8\r\n\r\nMessage ${i}.\r\n${filler}`);
  }
  // the first run, from cron: it holds the lease from before its first message
  const first = spawn(BIN, ['--db', s.db, 'mail', 'fetch'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: NOW },
  });
  t.after(() => first.kill('SIGKILL'));
  let out = '';
  let err = '';
  first.stdout.on('data', (d) => { out += d; });
  first.stderr.on('data', (d) => { err += d; });
  const exit = new Promise((done) => first.on('exit', done));
  await until('the first run to log a message', () => /^UID \d+ +logged/m.test(out));

  // the second, while the first is under way: nothing fetched, no error
  const second = fulcrum(s.db, ['mail', 'fetch'], { now: NOW });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /another fetch is under way.*nothing fetched/);
  assert.doesNotMatch(second.stdout, /^UID /m);
  const busy = s.fetch();
  assert.equal(busy.code, 0, busy.stderr);
  assert.equal(busy.json().busy, true);
  assert.equal(busy.json().fetched, 0);

  assert.equal(await exit, 0, err);
  assert.match(out, new RegExp(`fetched ${N} message\\(s\\): ${N} logged`));
  const rows = sqlRows(s.db, "SELECT purpose, deal_id FROM interactions WHERE kind = 'email' ORDER BY id");
  assert.equal(rows.length, N, 'each message logged once');
  assert.ok(rows.every(([, d]) => d === String(s.licences.id)));

  // the lease was given back: the next run reads at once, finding nothing new
  const next = s.fetch();
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual([next.json().busy, next.json().fetched], [false, 0]);
});

// Appends RAW to INBOX over IMAP (curl's APPEND), as a client does, so that
// Dovecot tells the sessions in IDLE at once.
function append(imap, dir, raw) {
  const file = path.join(dir, 'append.eml');
  fs.writeFileSync(file, raw);
  const r = spawnSync('curl', ['-sS', '--url', `imap://127.0.0.1:${imap.port}/INBOX`,
    '-u', `${imap.user}:${imap.password}`, '-T', file]);
  assert.equal(r.status, 0, String(r.stderr));
}

test('serve waits in IMAP IDLE: a message appended is logged within seconds, not at the next poll', async (t) => {
  const imap = startDovecot();
  t.after(() => imap.stop());
  const s = setup(imap);
  const message = (i) => `From: Rita Rep <${REP}>\r\nTo: Ada Lovelace <ada@lovelace.example>\r\n`
    + `Subject: Idle ${i}\r\nMessage-ID: <idle-${i}@acme.test>\r\n`
    + 'Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n'
    + `Content-Type: text/plain; charset=UTF-8\r\n\r\nMessage ${i}.\r\n`;
  const count = () => Number(sqlRows(s.db, "SELECT count(*) FROM interactions WHERE kind = 'email'")[0][0]);
  imap.deliver(message(1));

  // a poll every 10 minutes: only IDLE brings the next messages in time
  const port = await freePort();
  const server = serve(s.db, port, 600000);
  let log = '';
  server.proc.stderr.on('data', (d) => { log += d; });
  t.after(() => server.proc.kill('SIGKILL'));
  await until('the first pass', () => count() === 1, 30000, () => log);
  for (let i = 2; i <= 3; i++) {
    await sleep(1000);	// the fetcher is back in IDLE
    const sent = Date.now();
    append(imap, s.dir, message(i));
    await until(`message ${i} to be logged`, () => count() === i, 8000, () => log);
    assert.ok(Date.now() - sent < 8000);
  }
  assert.doesNotMatch(log, /polling instead/);
  // waiting, the fetcher stays on its IDLE connection: no new logins
  const logins = () => (fs.readFileSync(path.join(imap.dir, 'dovecot.log'), 'utf8')
    .match(/imap-login: Info: Login: /g) || []).length;
  await sleep(1000);	// the pass ends; the fetcher logs in to wait
  const before = logins();
  assert.ok(before >= 2, 'Dovecot logs each login');
  await sleep(2000);
  assert.equal(logins(), before, 'no login while waiting in IDLE');

  // stopping is prompt while the fetcher waits in IDLE
  const asked = Date.now();
  server.proc.kill('SIGTERM');
  await server.exit;
  assert.ok(Date.now() - asked < 3000, `serve took ${Date.now() - asked} ms to stop`);
  assert.doesNotMatch(log, /Sanitizer|polling instead/, log);
  const rows = sqlRows(s.db, "SELECT purpose FROM interactions WHERE kind = 'email' ORDER BY id");
  assert.equal(rows.length, 3, 'each message logged once');
  assert.ok(imap.messages().every((m) => m.seen));
});
