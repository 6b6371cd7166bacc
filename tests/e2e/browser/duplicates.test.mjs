// Likely duplicates in the web UI, in a real Chromium against a real server:
// the new-contact form shows the contact it is likely the same as, with the
// evidence and a link, before anything is saved, and creates it only when
// told to; the page of likely pairs links both records of each pair, and
// merging a pair from there takes it off the page.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/duplicates.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, apiSession, shot, expecting, settled, clean, admin, initAdmin, signIn } from './harness.mjs';

const fx = {};

async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  fx.engines = await call('POST', '/accounts', { name: 'Analytical Engines' });
  fx.ada = await call('POST', '/contacts', { name: 'Ada Lovelace', email: 'ada@engines.example',
    account_id: fx.engines.id });
}

useBrowser('fulcrum-duplicates', { prepare: initAdmin, fixtures: makeFixtures });

test('the new-contact form names the likely duplicate and creates it only when told', async () => {
  await signIn();
  await page.goto('/contacts/new');
  await settled();
  await page.getByLabel('Name').fill('Augusta Ada King');
  await page.getByLabel('Email').fill('ADA@Engines.example');
  const panel = page.getByRole('alert').filter({ hasText: 'likely a contact you already have' });
  await expecting([{ method: 'POST', re: /^\/api\/v1\/contacts$/, status: [409] }], async () => {
    await page.getByRole('button', { name: 'Create contact' }).click();
    await panel.waitFor();
  });
  const link = panel.getByRole('link', { name: 'Ada Lovelace' });
  assert.equal(await link.getAttribute('href'), `/contacts/${fx.ada.id}`);
  assert.match(await panel.textContent(), /same e-mail ada@engines\.example/);
  assert.equal(page.url().endsWith('/contacts/new'), true, 'nothing was saved: still on the form');
  await shot('duplicates-form');
  await clean('refused as a duplicate');

  await panel.getByRole('button', { name: 'Create anyway' }).click();
  await page.getByRole('heading', { name: 'Augusta Ada King', level: 1 }).waitFor();
  await clean('created anyway');
});

test('the page of likely pairs links both records and says why', async () => {
  await page.goto('/contacts');
  await settled();
  await page.getByRole('link', { name: 'Likely duplicates' }).click();
  await page.getByRole('heading', { name: 'Likely duplicate contacts', level: 1 }).waitFor();
  await settled();
  const row = page.getByRole('row', { name: /Ada Lovelace/ });
  await row.waitFor();
  assert.match(await row.textContent(), /Augusta Ada King.*same e-mail ada@engines\.example/);
  assert.equal(await row.getByRole('link', { name: 'Ada Lovelace', exact: true }).getAttribute('href'), `/contacts/${fx.ada.id}`);
  await shot('duplicates-page');
  await page.getByRole('link', { name: 'Likely duplicate accounts' }).click();
  await page.getByText('No likely duplicate accounts.').waitFor();
  await clean('the pairs');
});

test('a pair is merged from the page of likely pairs, and leaves it', async () => {
  await page.goto('/duplicates/contacts');
  await settled();
  const row = page.getByRole('row', { name: /Ada Lovelace/ });
  await row.getByRole('link', { name: /^Merge / }).click();
  await page.getByRole('heading', { name: /^Merge .+ into .+/, level: 1 }).waitFor();
  await settled();
  await page.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByRole('heading', { name: 'Ada Lovelace', exact: true, level: 1 }).waitFor();
  await page.goto('/duplicates/contacts');
  await page.getByText('No likely duplicate contacts.').waitFor();
  await clean('merged from the pairs');
});
