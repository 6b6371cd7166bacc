// Outgoing mail (docs/mail.md): an admin sets the organisation's SMTP server
// with `fulcrum mail settings`, the password read from standard input and
// stored sealed under the key file FULCRUM_SECRET_KEY_FILE names (never in
// clear in the database, never shown); `fulcrum mail test` reaches a real
// SMTP sink (python3-aiosmtpd) with a well-formed message; reps may not
// read or change the settings; bad settings are refused and change
// nothing. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/mail.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');
const { startSink, header, body } = require('../lib/smtp-sink.js');

const NOW = '2026-12-01T07:00:00Z';
const PASSWORD = 'Pässwort-9f3kq';
const ADMIN = 'admin@example.com';

function setup(t, sink) {
  const { dir, db, kind } = freshDb('fulcrum-mail');
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(dir, 'secret.key');
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  must(['user', 'add', '--email', 'rita@acme.test', '--name', 'Rita']);
  must(['mail', 'settings', '--host', '127.0.0.1', '--port', String(sink.port),
    '--security', 'none', '--user', 'crm', '--password-stdin',
    '--from', 'crm@acme.test', '--from-name', 'Acme Ünited CRM'],
  { input: `${PASSWORD}\n` });
  return { dir, db, kind, must };
}

test('mail test reaches the SMTP server as a well-formed message', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { dir, db, kind, must } = setup(t, sink);

  const shown = must(['mail', 'settings'], { json: true }).json();
  assert.deepEqual(shown, {
    host: '127.0.0.1', port: sink.port, security: 'none', username: 'crm',
    password_set: true, from_address: 'crm@acme.test',
    from_name: 'Acme Ünited CRM', base_url: '',
  });
  assert.equal((fs.statSync(path.join(dir, 'secret.key')).mode & 0o777), 0o600);

  must(['mail', 'test', '--to', 'ops@acme.test']);
  const got = sink.messages();
  assert.equal(got.length, 1);
  const [{ raw, envelope }] = got;
  assert.deepEqual(envelope, { from: 'crm@acme.test', to: ['ops@acme.test'] });
  assert.equal(header(raw, 'Subject'), 'Fulcrum test message');
  assert.equal(header(raw, 'From'), 'Acme Ünited CRM <crm@acme.test>');
  assert.match(raw, /^From: =\?UTF-8\?B\?/m, 'a name that is not ASCII is encoded');
  assert.equal(header(raw, 'To'), 'ops@acme.test');
  assert.equal(header(raw, 'Date'), 'Tue, 01 Dec 2026 07:00:00 +0000');
  assert.match(header(raw, 'Message-ID'), /^<[0-9a-f]{32}@acme\.test>$/);
  assert.equal(header(raw, 'MIME-Version'), '1.0');
  assert.match(body(raw), /test message from Fulcrum, sent by admin@example\.com/);

  // the password is nowhere in the database in clear
  if (kind === 'sqlite') {
    for (const f of [db, `${db}-wal`]) {
      if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f).includes(Buffer.from(PASSWORD)));
    }
  }
  const [[box]] = sqlRows(db, 'SELECT password_box FROM mail_settings');
  assert.match(box, /^v1:/);
  assert.ok(!box.includes(PASSWORD));
  const dump = sqlRows(db, 'SELECT * FROM mail_settings').flat().join('\t');
  assert.ok(!dump.includes(PASSWORD));
});

test('only admins read or change the mail settings; bad ones change nothing', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { db, must } = setup(t, sink);
  const run = (args, opts = {}) => fulcrum(db, args, { now: NOW, ...opts });
  const before = must(['mail', 'settings'], { json: true }).stdout;

  let r = run(['mail', 'settings'], { as: 'rita@acme.test' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /only admins read or change the mail settings/);
  r = run(['mail', 'test', '--to', 'x@acme.test'], { as: 'rita@acme.test' });
  assert.equal(r.code, 1);

  for (const [args, why] of [
    [['--security', 'ssl'], /'security' must be starttls, tls or none, not 'ssl'/],
    [['--port', '70000'], /'port' must be a number from 1 to 65535/],
    [['--from', 'not-an-address'], /'from_address' must be an e-mail address/],
    [['--host', 'bad host\u0001'], /'host' must be a host name or address/],
    [['--base-url', 'ftp://x'], /'base_url' must start with https:\/\/ or http:\/\//],
  ]) {
    r = run(['mail', 'settings', ...args]);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, why);
  }
  r = run(['mail', 'test', '--to', 'a@b\r\nBcc: all@acme.test']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /'to' must be an e-mail address/);

  // without the key file named, a new password cannot be stored
  const key = process.env.FULCRUM_SECRET_KEY_FILE;
  delete process.env.FULCRUM_SECRET_KEY_FILE;
  r = run(['mail', 'settings', '--password-stdin'], { input: 'other\n' });
  process.env.FULCRUM_SECRET_KEY_FILE = key;
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /set FULCRUM_SECRET_KEY_FILE/);

  assert.equal(must(['mail', 'settings'], { json: true }).stdout, before);
  assert.equal(sink.messages().length, 0);
});

test('the port follows the security unless given', async (t) => {
  const sink = await startSink();
  t.after(() => sink.stop());
  const { must } = setup(t, sink);
  const port = (args) => must(['mail', 'settings', ...args], { json: true }).json().port;
  assert.equal(port(['--security', 'tls']), 465);
  assert.equal(port(['--security', 'starttls']), 587);
  assert.equal(port(['--security', 'none', '--port', '2526']), 2526);
  const cleared = must(['mail', 'settings', '--no-password'], { json: true }).json();
  assert.equal(cleared.password_set, false);
});
