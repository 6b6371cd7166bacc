// Sending from a deal in the web UI (docs/mail.md, "Sending from a deal"):
// the deal page's "Send e-mail" dialog has the contact's address filled
// in; picking a template fills the subject and text with the merge fields
// resolved for the deal and the next step typed in; Send delivers the
// message to a real SMTP sink (python3-aiosmtpd) and the deal's timeline
// then shows the e-mail. The dialog is labelled and closes on Escape.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/mail-compose.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  useBrowser, page, run, clean, settled, initAdmin, signIn, shot, day,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const { startSink, header, body } = require('../lib/smtp-sink.js');

let sink;
const fx = {};
const must = (args, opts) => {
  const r = run(args, opts);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  return r.out;
};

useBrowser('fulcrum-mail-compose', {
  prepare: initAdmin,
  fixtures: async () => {
    sink = await startSink();
    must(['mail', 'settings', '--host', '127.0.0.1', '--port', String(sink.port),
      '--security', 'none', '--from', 'crm@demo.test']);
    const acct = JSON.parse(must(['--json', 'account', 'add', 'Globex Ltd']));
    const contact = JSON.parse(must(['--json', 'contact', 'add', 'Hank Scorpio', '--account',
      String(acct.id), '--email', 'hank@globex.test']));
    const deal = JSON.parse(must(['--json', 'deal', 'add', 'Doomsday device', '--account',
      String(acct.id), '--contact', String(contact.id), '--next', 'first call', '--due', day(1)]));
    must(['want', 'add', 'a volcano base', '--deal', String(deal.id), '--kind', 'objective']);
    must(['mail', 'template', 'add', 'Follow-up', '--subject', 'Your {{deal}}, {{first_name}}',
      '--body-file', '-'], { input: 'Hello {{first_name}},\n{{wants}}Next: {{next_step}} on {{next_step_due}}.\n{{sender}}' });
    fx.deal = deal.id;
  },
});
after(() => sink && sink.stop());

test('sign in', async () => {
  await signIn();
  await clean('sign in');
});

test('the dialog closes on Escape', async () => {
  await page.goto(`/deals/${fx.deal}`);
  await settled();
  await page.getByRole('button', { name: 'Send e-mail' }).click();
  const dlg = page.getByRole('dialog', { name: 'Send e-mail: Doomsday device' });
  await dlg.waitFor();
  assert.equal(await dlg.getByLabel('To').inputValue(), 'hank@globex.test');
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'to', 'focus starts in the dialog');
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });
  await clean('escape');
});

test('a template fills the message, Send delivers it and the timeline shows it', async () => {
  const due = day(7);
  await page.getByRole('button', { name: 'Send e-mail' }).click();
  const dlg = page.getByRole('dialog', { name: 'Send e-mail: Doomsday device' });
  await dlg.waitFor();
  await dlg.getByLabel('Next step: what was agreed').fill('a demo of the laser');
  await dlg.getByLabel('Due').fill(due);
  await dlg.getByLabel('Template').selectOption('Follow-up');
  const subject = dlg.getByLabel('Subject');
  await page.waitForFunction(() => document.querySelector('dialog [name="subject"]')?.value);
  assert.equal(await subject.inputValue(), 'Your Doomsday device, Hank');
  const text = `Hello Hank,\n- a volcano base\nNext: a demo of the laser on ${due}.\nAda Admin`;
  assert.equal(await dlg.getByLabel('Message').inputValue(), text);
  await shot('mail-compose');
  await dlg.getByRole('button', { name: 'Send' }).click();
  await dlg.waitFor({ state: 'detached' });
  await settled();
  const got = sink.messages();
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].envelope.to, ['hank@globex.test']);
  assert.equal(header(got[0].raw, 'Subject'), 'Your Doomsday device, Hank');
  assert.equal(body(got[0].raw).trimEnd(), text);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByText('Your Doomsday device, Hank').waitFor();
  assert.match(await timeline.textContent(), /Email\s*Your Doomsday device, Hank\s*agreement/);
  await clean('send');
});
