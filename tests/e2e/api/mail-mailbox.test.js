// The BCC mailbox over HTTP (docs/mail.md, "The BCC mailbox"): admins
// write it and read it back without the password ("password_set"
// instead), reps get 403, bad values are a 400 naming the field and change
// nothing, and the OpenAPI document describes both routes. A real Dovecot
// (tests/mail/dovecot.sh) then receives a message that the server's own
// fetch thread logs, without any command.
// Rerun alone: node --test tests/e2e/api/mail-mailbox.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, setup, setPassword, runOk } = require('./helper.js');
const { startDovecot } = require('../lib/dovecot.js');
const { sqlRows } = require('../lib/sql.js');
const { tmpDir } = require('../lib/tmp.js');
const { ROOT } = require('../lib/db.js');

const REP = { email: 'rita@acme.test', password: 'rep password 123' };

test('mailbox settings over HTTP, and the serve loop fetches on its own', async (t) => {
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(tmpDir('fulcrum-key'), 'secret.key');
  process.env.FULCRUM_MAIL_FETCH_INTERVAL_MS = '200';
  const imap = startDovecot();
  t.after(() => imap.stop());
  const ctx = await setup();
  t.after(() => ctx.close());
  runOk(ctx.db, ['user', 'add', '--email', REP.email, '--name', 'Rita Rep', '--role', 'rep']);
  setPassword(ctx.db, REP.email, REP.password);
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const rep = await ctx.login(REP.email, REP.password);

  let r = await ctx.api('GET', '/api/v1/mail/mailbox', { session: admin });
  assert.equal(r.status, 404, r.text);
  assert.match(r.text, /no mailbox is set/);

  r = await ctx.api('PUT', '/api/v1/mail/mailbox', { session: admin, body: {
    host: '127.0.0.1', port: imap.port, security: 'none', username: imap.user,
    password: imap.password } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, {
    host: '127.0.0.1', port: imap.port, security: 'none', username: imap.user,
    password_set: true, folder: 'INBOX', after_logged: 'seen', move_to: '',
  });
  assert.ok(!r.text.includes(imap.password));
  const before = (await ctx.api('GET', '/api/v1/mail/mailbox', { session: admin })).text;
  assert.equal(before, r.text);

  for (const [body, field] of [[{ security: 'ssl' }, 'security'], [{ port: 0 }, 'port'],
    [{ after_logged: 'move' }, 'move_to'], [{ folder: 'a*b' }, 'folder'],
    [{ host: '' }, 'host'], [{ username: '' }, 'username']]) {
    r = await ctx.api('PUT', '/api/v1/mail/mailbox', { session: admin, body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.text, new RegExp(field));
  }
  r = await ctx.api('GET', '/api/v1/mail/mailbox', { session: admin });
  assert.equal(r.text, before);

  r = await ctx.api('GET', '/api/v1/mail/mailbox', { session: rep });
  assert.equal(r.status, 403, r.text);
  r = await ctx.api('PUT', '/api/v1/mail/mailbox', { session: rep, body: { host: 'evil.example' } });
  assert.equal(r.status, 403, r.text);

  r = await ctx.api('GET', '/api/v1/openapi.json', { session: admin });
  assert.equal(r.status, 200);
  const paths = r.json.paths['/api/v1/mail/mailbox'];
  assert.ok(paths.get && paths.put, 'both routes are documented');
  const schemas = r.json.components.schemas;
  assert.ok(schemas.MailMailbox.properties.password_set);
  assert.equal(schemas.MailMailbox.properties.password, undefined);
  assert.ok(schemas.MailMailboxInput.properties.password);

  // the server's fetch thread reads the mailbox on its own (the mailbox
  // was set after it started: each pass reads the settings anew)
  runOk(ctx.db, ['contact', 'add', 'René Descartes', '--email', 'rene@descartes.example']);
  imap.deliver(fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'mail', 'thunderbird.eml')));
  const deadline = Date.now() + 20000;
  let rows = [];
  while (Date.now() < deadline) {
    rows = sqlRows(ctx.db, "SELECT contact_id FROM interactions WHERE kind = 'email'");
    if (rows.length) break;
    await new Promise((done) => { setTimeout(done, 100); });
  }
  assert.equal(rows.length, 1, `the serve loop logged the message: ${ctx.server.stderr}`);
  assert.ok(imap.messages().every((m) => m.seen));
});
