// The mail Settings pages in the web UI (docs/mail.md, "Settings pages"):
// an admin sets the SMTP server in Settings › Mail (the password is
// write-only: the page says whether one is set and never shows it) and
// sends a test message to a real SMTP sink; templates are added in
// Settings › Mail templates, an unknown merge field refused by name; and
// Settings › My digest turns the user's own digest off and moves its time.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/mail-settings.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  useBrowser, page, run, clean, settled, initAdmin, signIn, shot, expecting, admin,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const { startSink, header } = require('../lib/smtp-sink.js');
const { tmpDir } = require('../lib/tmp.js');

// the server seals the SMTP password under this key file (its folder is
// removed when the test ends)
const keyDir = tmpDir('fulcrum-mail-key');
process.env.FULCRUM_SECRET_KEY_FILE = join(keyDir, 'secret.key');

let sink;
useBrowser('fulcrum-mail-settings', {
  prepare: initAdmin,
  fixtures: async () => { sink = await startSink(); },
});
after(() => sink && sink.stop());

test('sign in', async () => {
  await signIn();
  await clean('sign in');
});

test('an admin sets the SMTP server, the password write-only, and sends a test', async () => {
  await page.goto('/settings/mail');
  await settled();
  const form = page.getByRole('form', { name: 'SMTP server' });
  await form.waitFor();
  assert.match(await form.textContent(), /No password is set/);
  await form.getByLabel('Host').fill('127.0.0.1');
  await form.getByLabel(/^Port/).fill(String(sink.port));
  await form.getByLabel('Security', { exact: true }).selectOption('none');
  await form.getByLabel('User name').fill('crm');
  await form.getByLabel('Password', { exact: true }).fill('s3cret-Pässwort');
  await form.getByLabel('From address').fill('crm@demo.test');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('A password is set').waitFor();
  assert.equal(await form.getByLabel('Password', { exact: true }).inputValue(), '');
  assert.ok(!(await page.content()).includes('s3cret-Pässwort'), 'the password is not shown');
  const shown = JSON.parse(run(['--json', 'mail', 'settings']).out);
  assert.equal(shown.password_set, true);
  assert.equal(shown.port, sink.port);

  // the page drawn again knows the password is set
  await page.reload();
  await settled();
  await page.getByText('A password is set').waitFor();
  const test = page.getByRole('form', { name: 'Send a test message' });
  assert.equal(await test.getByLabel('To').inputValue(), admin.email);
  await test.getByRole('button', { name: 'Send test' }).click();
  const end = Date.now() + 20000;
  while (!sink.messages().length) {
    assert.ok(Date.now() < end, 'the test message arrives');
    await page.waitForTimeout(100);
  }
  assert.equal(header(sink.messages()[0].raw, 'Subject'), 'Fulcrum test message');
  await shot('mail-settings');
  await clean('smtp');
});

test('templates: an unknown merge field is refused by name, a good one is listed', async () => {
  await page.goto('/settings/mail-templates');
  await settled();
  const form = page.getByRole('form', { name: 'Add a template' });
  await form.getByLabel('Name').fill('Intro');
  await form.getByLabel('Subject').fill('Hello {{nickname}}');
  await form.getByLabel('Text').fill('Dear {{first_name}},\n{{sender}}');
  await expecting([{ method: 'POST', re: /\/mail\/templates$/, status: [400] }], async () => {
    await form.getByRole('button', { name: 'Add template' }).click();
    await page.getByText(/\{\{nickname\}\}/).first().waitFor();
  });
  await form.getByLabel('Subject').fill('Hello {{first_name}}');
  await form.getByRole('button', { name: 'Add template' }).click();
  const row = page.locator('tr[data-template]');
  await row.waitFor();
  assert.match(await row.textContent(), /Intro.*Hello \{\{first_name\}\}/);
  await clean('templates');
});

test('my digest: off, and at another time', async () => {
  await page.goto('/settings/my-mail');
  await settled();
  const form = page.getByRole('form', { name: 'My digest and reminders' });
  assert.equal(await form.getByLabel('Send me the morning digest').isChecked(), true);
  await form.getByLabel('Send me the morning digest').uncheck();
  await form.getByLabel(/^Time of the digest/).fill('06:30');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Preferences saved').waitFor();
  const prefs = JSON.parse(run(['--json', 'mail', 'preferences']).out);
  assert.equal(prefs.digest, false);
  assert.equal(prefs.reminders, true);
  assert.equal(prefs.time, '06:30');
  await clean('preferences');
});
