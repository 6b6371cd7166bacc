// The SMTP settings over HTTP (docs/mail.md): admins write them and read
// them back without the password ("password_set" instead), reps get 403,
// bad values are a 400 naming the field and change nothing, and
// POST /api/v1/mail/test reaches a real SMTP sink (python3-aiosmtpd).
// Rerun alone: node --test tests/e2e/api/mail.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { ADMIN, runOk, setup, setPassword } = require('./helper.js');
const { startSink, header } = require('../lib/smtp-sink.js');
const { tmpDir } = require('../lib/tmp.js');

const REP = { email: 'rep@example.com', password: 'rep password 123' };
const SMTP_PASSWORD = 'smtp-secret-7Q2';

test('mail settings over HTTP', async (t) => {
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(tmpDir('fulcrum-key'), 'secret.key');
  const sink = await startSink();
  t.after(() => sink.stop());
  const ctx = await setup();
  t.after(() => ctx.close());
  runOk(ctx.db, ['user', 'add', '--email', REP.email, '--name', 'Rae Rep', '--role', 'rep']);
  setPassword(ctx.db, REP.email, REP.password);
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const rep = await ctx.login(REP.email, REP.password);

  let r = await ctx.api('GET', '/api/v1/mail/settings', { session: admin });
  assert.equal(r.status, 404, r.text);

  r = await ctx.api('PUT', '/api/v1/mail/settings', { session: admin, body: {
    host: '127.0.0.1', port: sink.port, security: 'none', username: 'crm',
    password: SMTP_PASSWORD, from_address: 'crm@example.com',
    from_name: 'Fulcrum CRM', base_url: 'https://crm.example.com' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.password_set, true);
  assert.equal(r.json.password, undefined);
  assert.ok(!r.text.includes(SMTP_PASSWORD));

  r = await ctx.api('GET', '/api/v1/mail/settings', { session: admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, {
    host: '127.0.0.1', port: sink.port, security: 'none', username: 'crm',
    password_set: true, from_address: 'crm@example.com',
    from_name: 'Fulcrum CRM', base_url: 'https://crm.example.com',
  });
  const before = r.text;

  for (const body of [{ security: 'ssl' }, { port: 0 },
    { from_address: 'nobody' }, { host: '' }]) {
    r = await ctx.api('PUT', '/api/v1/mail/settings', { session: admin, body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
  }
  r = await ctx.api('GET', '/api/v1/mail/settings', { session: admin });
  assert.equal(r.text, before);

  r = await ctx.api('GET', '/api/v1/mail/settings', { session: rep });
  assert.equal(r.status, 403, r.text);
  r = await ctx.api('PUT', '/api/v1/mail/settings', { session: rep, body: { host: 'evil.example' } });
  assert.equal(r.status, 403, r.text);
  r = await ctx.api('POST', '/api/v1/mail/test', { session: rep, body: { to: 'x@example.com' } });
  assert.equal(r.status, 403, r.text);

  r = await ctx.api('POST', '/api/v1/mail/test', { session: admin, body: { to: 'ops@example.com' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { sent_to: 'ops@example.com' });
  const got = sink.messages();
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].envelope.to, ['ops@example.com']);
  assert.equal(header(got[0].raw, 'Subject'), 'Fulcrum test message');

  // each user's own digest and reminders
  r = await ctx.api('GET', '/api/v1/mail/preferences', { session: rep });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { digest: true, reminders: true, time: '07:00' });
  r = await ctx.api('PUT', '/api/v1/mail/preferences', { session: rep,
    body: { digest: false, time: '06:45' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { digest: false, reminders: true, time: '06:45' });
  for (const body of [{ time: '25:00' }, { time: '7:00' }, { digest: 'no' }]) {
    r = await ctx.api('PUT', '/api/v1/mail/preferences', { session: rep, body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
  }
  r = await ctx.api('GET', '/api/v1/mail/preferences', { session: admin });
  assert.deepEqual(r.json, { digest: true, reminders: true, time: '07:00' });
  const cli = runOk(ctx.db, ['--json', 'mail', 'preferences', '--user', REP.email]);
  assert.deepEqual(JSON.parse(cli), { digest: false, reminders: true,
    time: '06:45', email: REP.email });
});
