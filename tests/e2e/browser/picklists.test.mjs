// What an import kept of another CRM's picklists shows on the contact page
// (docs/import-decisions.md): a lead imported with a source label we have
// no synonym for reads Source other, its label under "Source as imported",
// and its status there under "Lead status".
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/picklists.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useBrowser, page, run, dir, shot, clean, settled,
} from './harness.mjs';

const ADMIN = { email: 'ada@picklists.test', password: 'picklists-2026' };

function prepareDatabase() {
  let r = run(['init', '--admin-email', ADMIN.email, '--admin-name', 'Ada Admin']);
  assert.equal(r.code, 0, `init: ${r.err}`);
  r = run(['user', 'passwd', ADMIN.email], { input: `${ADMIN.password}\n` });
  assert.equal(r.code, 0, `passwd: ${r.err}`);
  const file = join(dir, 'Lead.csv');
  writeFileSync(file, 'Id,FirstName,LastName,Email,LeadSource,Status\n'
    + '00QPk000000Led007,Sofia,Rossi,sofia.rossi@lead.example,Podcast,Working\n');
  r = run(['import', 'leads', file, '--preset', 'salesforce']);
  assert.equal(r.code, 0, `import: ${r.out}${r.err}`);
}

useBrowser('fulcrum-picklists', { prepare: prepareDatabase });

test('sign in', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await clean('sign in');
});

test('the contact page shows the source as imported and the lead status', async () => {
  await page.goto('/contacts/1');
  await settled();
  await page.getByRole('heading', { name: 'Sofia Rossi' }).waitFor();
  const value = (label) => page.locator('dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]').textContent();
  assert.equal(await value('Source'), 'other');
  assert.equal(await value('Source as imported'), 'Podcast');
  assert.equal(await value('Lead status'), 'Working');
  await shot('picklists-contact');
  await clean('contact page');
});
