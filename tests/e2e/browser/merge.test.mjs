// Merging two contacts in a real Chromium against a real server (SQLite or
// PostgreSQL as tests/e2e/lib/db.js decides): from a contact's page,
// "Merge with…" finds the other contact, the side-by-side picker starts
// from the defaults and takes the other one's name when asked, the merge
// lands on the survivor's page with the other one's deal, the merge on its
// timeline and an Undo, and the Undo brings the other contact back.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/merge.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, day, apiSession, shot, settled, clean, admin, initAdmin, signIn } from './harness.mjs';

const fx = {};

async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  const acc = await call('POST', '/accounts', { name: 'Initech' });
  const peter = await call('POST', '/contacts', { name: 'Peter Gibbons', email: 'peter@initech.test', account_id: acc.id });
  const pete = await call('POST', '/contacts', { name: 'Pete G.', phone: '555 0199', title: 'Programmer', account_id: acc.id });
  const deal = await call('POST', '/deals', { title: 'TPS reports', account_id: acc.id, contact_id: pete.id, value: 2500,
    next_step: { what: 'Cover sheet review', due: day(3) } });
  Object.assign(fx, { acc, peter, pete, deal });
}

useBrowser('fulcrum-merge', { prepare: initAdmin, fixtures: makeFixtures });

test('a contact is merged into another field by field, and the merge is undone', async () => {
  await signIn();
  await page.goto(`/contacts/${fx.peter.id}`);
  await settled();
  await page.getByRole('link', { name: 'Merge with…' }).click();
  await page.getByRole('heading', { name: 'Merge with Peter Gibbons' }).waitFor();
  await settled();
  await page.getByLabel('Find the contact to merge').fill('Pete G');
  await page.getByRole('button', { name: 'Find' }).click();
  await settled();
  const candidates = page.locator('.merge-candidates li');
  assert.equal(await candidates.count(), 1);
  await candidates.getByRole('link', { name: 'Pete G.' }).click();
  await page.getByRole('heading', { name: 'Merge Pete G. into Peter Gibbons' }).waitFor();
  await settled();

  // side by side: the differing fields, each starting from its default
  const row = (name) => page.locator(`tr[data-field="${name}"]`);
  assert.equal(await row('name').locator('input[value="survivor"]').isChecked(), true);
  assert.equal(await row('phone').locator('input[value="other"]').isChecked(), true, 'an empty field takes the other one\'s');
  assert.equal(await row('email').locator('input[value="survivor"]').isChecked(), true);
  assert.equal(await row('account_id').count(), 0, 'the same account is no choice');
  await row('name').getByLabel('Pete G.').check();
  await shot('merge-fields');
  await clean('the field picker');

  await page.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByRole('heading', { name: 'Pete G.', level: 1, exact: true }).waitFor();
  await settled();
  assert.match(page.url(), new RegExp(`/contacts/${fx.peter.id}$`));
  const details = page.getByRole('region', { name: 'Details' });
  assert.match(await details.innerText(), /peter@initech\.test/);
  assert.match(await details.innerText(), /555 0199/);
  await page.getByRole('region', { name: 'Deals' }).getByRole('link', { name: 'TPS reports' }).waitFor();
  const merged = page.getByRole('region', { name: 'Merged here' });
  await merged.getByRole('button', { name: 'Undo' }).waitFor();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByText('Merged with').first().waitFor();
  assert.match(await timeline.innerText(), /Merged with[\s\S]*Pete G\./);
  await shot('merge-done');
  await clean('the merged contact');

  await merged.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('heading', { name: 'Peter Gibbons', level: 1, exact: true }).waitFor();
  await settled();
  await page.getByRole('region', { name: 'Deals' }).getByText('No deals.').waitFor();
  await page.getByRole('region', { name: 'Merged here' }).getByText('undone').waitFor();
  await page.goto(`/contacts/${fx.pete.id}`);
  await page.getByRole('heading', { name: 'Pete G.', level: 1, exact: true }).waitFor();
  await settled();
  await page.getByRole('region', { name: 'Deals' }).getByRole('link', { name: 'TPS reports' }).waitFor();
  await clean('after the undo');
});
