// Lead forms in a real Chromium (docs/forms.md): an admin adds a form in
// Settings › Lead forms and copies its snippet; a visitor fills the form
// Fulcrum serves at /forms/{key} (plain HTML, no session) and gets the
// thank-you page; signed in as the leads' owner, the new contact is on
// Today to engage. Robots filling the hidden field get the refusal page
// and nothing is stored.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/forms.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  useBrowser, page, base, run, initAdmin, admin, apiSession, shot, expecting, clean, settled, signIn,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const REP = { email: 'rita@forms.test', password: 'rita-forms-2026', name: 'Rita Rep' };
let form;

function prepareDatabase() {
  initAdmin();
  let r = run(['user', 'add', '--email', REP.email, '--name', REP.name, '--role', 'rep']);
  assert.equal(r.code, 0, `user add: ${r.err}`);
  r = run(['user', 'passwd', REP.email], { input: `${REP.password}\n` });
  assert.equal(r.code, 0, `passwd: ${r.err}`);
}

async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  const users = await call('GET', '/users');
  const rita = users.items.find((u) => u.email === REP.email);
  form = await call('POST', '/forms', { title: 'Talk to Fulcrum Labs', fields: ['name', 'email', 'company', 'need'],
    required: ['email', 'need'], lead_owner_id: rita.id, thanks: 'Thank you: Rita will call you today.' });
}

useBrowser('fulcrum-forms', { prepare: prepareDatabase, fixtures: makeFixtures });

test('an admin adds a lead form in Settings and copies its snippet', async () => {
  await signIn(admin.email, admin.password);
  await page.goto('/settings/forms');
  await settled();
  const add = page.getByRole('form', { name: 'Add a lead form' });
  await add.getByLabel(/^Title/).fill('Newsletter');
  await add.getByRole('group', { name: 'Fields it asks for' }).getByLabel('Message').uncheck();
  await add.getByLabel('Leads go to', { exact: true }).selectOption({ label: REP.name });
  await add.getByLabel(/^Sites allowed/).fill('https://www.example.com');
  await add.getByRole('button', { name: 'Add form' }).click();
  const row = page.locator('tr', { hasText: 'Newsletter' });
  await row.waitFor();
  assert.match(await row.textContent(), /Rita Rep.*https:\/\/www\.example\.com/);

  // the leads of the new form go to the team in turn
  await row.getByRole('button', { name: 'Edit the form Newsletter' }).click();
  const dlg = page.getByRole('dialog', { name: 'Edit the form Newsletter' });
  await dlg.getByLabel('Leads go to', { exact: true }).selectOption('');
  await dlg.getByLabel(/^Team/).fill('west');
  await expecting([{ method: 'PATCH', re: /\/api\/v1\/forms\/\d+$/, status: [422] }], async () => {
    await dlg.getByRole('button', { name: 'Save' }).click();
    await dlg.getByText(/team 'west' has no active user/).waitFor();
  });
  await dlg.getByLabel('Leads go to', { exact: true }).selectOption({ label: REP.name });
  await dlg.getByRole('button', { name: 'Save' }).click();
  await dlg.waitFor({ state: 'detached' });

  const ours = page.locator(`tr[data-key="${form.key}"]`);
  await ours.getByRole('button', { name: 'Embed the form Talk to Fulcrum Labs' }).click();
  const html = page.getByLabel('HTML form to paste into a page of your site');
  await html.waitFor();
  assert.match(await html.inputValue(), new RegExp(`<form method="post" action="${base}/forms/${form.key}/submit"`));
  assert.match(await page.getByLabel('Or an iframe of its page').inputValue(), /<iframe src=/);
  await shot('forms-settings');
  await clean('lead forms in Settings');
});

test('a visitor fills the form at /forms/{key} and sees the thanks', async () => {
  await page.goto(`/forms/${form.key}`);
  await page.getByRole('heading', { name: 'Talk to Fulcrum Labs', level: 1 }).waitFor();
  // accessible as it is: axe-core finds nothing serious
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.help}`));
  assert.deepEqual(found, []);
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByLabel('E-mail (required)').fill('grace@navy.example');
  await page.getByLabel('Company').fill('US Navy');
  await page.getByLabel('What do you need? (required)').fill('A compiler for business programs');
  await shot('forms-page');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: 'Rita will call you today' }).waitFor();
  assert.match(page.url(), new RegExp(`/forms/${form.key}/submit$`));
});

test('the lead is on its owner\'s Today to engage', async () => {
  await signIn(REP.email, REP.password);
  const engage = page.locator('.agenda-item[data-kind="engage"]', { hasText: 'Grace Hopper' });
  await engage.waitFor();
  assert.match(await engage.textContent(), /A compiler for business programs/);
  assert.equal(await engage.getByRole('link', { name: 'US Navy', exact: true }).count(), 1);
  await shot('forms-today');
  await clean('the lead on Today');
});

test('a robot that fills the hidden field is refused and stores nothing', async () => {
  const call = await apiSession(admin.email, admin.password);
  const before = (await call('GET', '/contacts?limit=1000')).items.length;
  await page.goto(`/forms/${form.key}`);
  await page.getByLabel('E-mail (required)').fill('bot@spam.example');
  await page.getByLabel('What do you need? (required)').fill('cheap pills');
  // what a robot does and a person cannot: fill the field kept off screen
  await page.locator('input[name="website_url"]').fill('https://spam.example', { force: true });
  const [answer] = await Promise.all([
    page.waitForResponse((res) => res.url().endsWith('/submit')),
    page.getByRole('button', { name: 'Send' }).click(),
  ]);
  assert.equal(answer.status(), 422);
  await page.getByRole('alert').filter({ hasText: 'not sent' }).waitFor();
  assert.equal((await call('GET', '/contacts?limit=1000')).items.length, before);
});
