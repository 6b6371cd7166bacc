// What an import kept of another CRM's picklists shows on the contact page
// (docs/import-decisions.md): a lead imported with a source label we have
// no synonym for reads Source other, its label under "Source as imported",
// and its status there under "Lead status". The Import page takes leads
// too: a lead sharing an e-mail with another, each with an id of its own,
// is imported, flagged, and listed with why.
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

test('the Import page imports leads and lists the flagged row with why', async () => {
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Import and export', level: 1 }).waitFor();
  await page.getByLabel('The file holds').selectOption('leads');
  const csv = 'Id,FirstName,LastName,Email,LeadSource,Status\n'
    + '00QPk000000Led008,Marco,Rossi,sofia.rossi@lead.example,Online Form,New\n';
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'Lead.csv', mimeType: 'text/csv',
    buffer: Buffer.from(csv) });
  const preview = page.locator('.import-preview');
  await preview.getByRole('heading', { name: 'Preview and column map' }).waitFor();
  await page.getByLabel('Exported from').selectOption('salesforce');
  await settled();
  assert.equal(await preview.getByLabel('LeadSource').inputValue(), 'source');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const done = page.locator('.import-done');
  await done.getByText('1 rows read: 1 imported (1 flagged as likely duplicates)').waitFor();
  const row = done.getByRole('region', { name: 'Rows skipped, merged or flagged' }).locator('tbody tr');
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('td').nth(1).textContent(), 'flagged');
  assert.match(await row.locator('td').nth(2).textContent(), /likely the same contact as Sofia Rossi \(#1\): same e-mail/);
  await shot('picklists-import-flagged');
  await clean('import leads');
});
