// Settings › Mailbox in the web UI (docs/mail.md, "The BCC mailbox"): an
// admin sets the organisation's IMAP mailbox, a real Dovecot started by
// this test (tests/mail/dovecot.sh); the page never shows the password,
// only that one is stored; a bad port is refused with the field named and
// changes nothing; a message delivered to the mailbox is then logged by
// the server's own fetch thread.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/mailbox.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  useBrowser, page, apiSession, shot, clean, settled, initAdmin, signIn, admin, expecting, run, dir, db,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const { startDovecot } = require('../lib/dovecot.js');
const { sqlRows } = require('../lib/sql.js');

let imap;
let call;

useBrowser('fulcrum-mailbox', {
  prepare: () => {
    process.env.FULCRUM_SECRET_KEY_FILE = join(dir, 'secret.key');
    process.env.FULCRUM_MAIL_FETCH_INTERVAL_MS = '200';
    initAdmin();
    run(['contact', 'add', 'Ada Lovelace', '--email', 'ada@lovelace.example']);
  },
  fixtures: async () => {
    imap = startDovecot();
    call = await apiSession(admin.email, admin.password);
  },
});
after(() => imap && imap.stop());

test('sign in', async () => {
  await signIn();
  await clean('sign in');
});

test('an admin sets the mailbox; the password is never shown', async () => {
  // the page asks /mail/status first: no refused request before a mailbox is set
  await page.goto('/settings/mailbox');
  await settled();
  await page.getByRole('heading', { name: 'BCC mailbox (IMAP)' }).waitFor();
  await clean('the mailbox page before a mailbox is set');
  assert.match(await page.getByText('No mailbox is set yet.').textContent(), /No mailbox/);
  const form = page.getByRole('form', { name: 'BCC mailbox' });
  await form.getByLabel('IMAP server').fill('127.0.0.1');
  await form.getByLabel('Security').selectOption('none');
  await form.getByLabel(/^Port/).fill(String(imap.port));
  await form.getByLabel('User name').fill(imap.user);
  await form.getByLabel('Password').fill(imap.password);
  await form.getByRole('button', { name: 'Save mailbox' }).click();
  await page.getByText('Password stored (never shown).').waitFor();
  assert.equal(await page.getByLabel('Password').inputValue(), '');
  assert.ok(!(await page.content()).includes(imap.password));
  const saved = await call('GET', '/mail/mailbox');
  assert.deepEqual(saved, {
    host: '127.0.0.1', port: imap.port, security: 'none', username: imap.user,
    password_set: true, folder: 'INBOX', after_logged: 'seen', move_to: '',
  });
  await shot('mailbox-settings');
  await clean('save');
});

test('a bad port is refused, naming the field, and changes nothing', async () => {
  const form = page.getByRole('form', { name: 'BCC mailbox' });
  await expecting([{ method: 'PUT', re: /^\/api\/v1\/mail\/mailbox$/, status: [400] }], async () => {
    await form.getByLabel(/^Port/).fill('70000');
    await form.getByRole('button', { name: 'Save mailbox' }).click();
    await page.locator('[data-field="port"] .field-error').filter({ hasText: /port/ }).waitFor();
  });
  assert.equal((await call('GET', '/mail/mailbox')).port, imap.port);
  await clean('bad port');
});

test('the server logs a message delivered to the mailbox on its own', async () => {
  imap.deliver('From: Ada Lovelace <ada@lovelace.example>\r\nTo: Ada Admin <admin@demo.test>\r\n'
    + 'Subject: The engine\r\nMessage-ID: <engine-1@lovelace.example>\r\n'
    + 'Date: Tue, 01 Dec 2026 09:00:00 +0000\r\n\r\nShall we meet on Thursday?\r\n');
  const end = Date.now() + 20000;
  for (;;) {
    if (imap.messages().every((m) => m.seen)) break;
    assert.ok(Date.now() < end, 'the message was fetched');
    await new Promise((done) => { setTimeout(done, 100); });
  }
  const rows = sqlRows(db, "SELECT purpose FROM interactions WHERE kind = 'email'");
  assert.deepEqual(rows, [['The engine']]);
  await clean('fetched');
});
