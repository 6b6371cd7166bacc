// Custom fields in the web UI (docs/custom-fields.md): an admin adds a
// field in Settings › Custom fields; the account form shows it and sends
// its value, a bad one is refused beside the field; the account page shows
// the value, the accounts list has its column and filters by it; the deal
// page lists a field required at the step in its checklist.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/fields.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, page, run, day, apiSession, shot, expecting, clean, settled,
} from './harness.mjs';

const ADMIN = { email: 'ada@fields.test', password: 'custom-fields-2026' };
let call;
let deal;

function prepareDatabase() {
  let r = run(['init', '--admin-email', ADMIN.email, '--admin-name', 'Ada Admin']);
  assert.equal(r.code, 0, `init: ${r.err}`);
  r = run(['user', 'passwd', ADMIN.email], { input: `${ADMIN.password}\n` });
  assert.equal(r.code, 0, `passwd: ${r.err}`);
}

async function makeFixtures() {
  call = await apiSession(ADMIN.email, ADMIN.password);
  await call('POST', '/fields', { kind: 'deal', key: 'contract_no', label: 'Contract number', type: 'text',
    required_step: 'engage' });
  const acc = await call('POST', '/accounts', { name: 'Initech' });
  const bob = await call('POST', '/contacts', { name: 'Bob Field', account_id: acc.id });
  deal = await call('POST', '/deals', { title: 'Field deal', account_id: acc.id, contact_id: bob.id,
    next_step: { what: 'call', due: day(3) } });
}

useBrowser('fulcrum-fields', { prepare: prepareDatabase, fixtures: makeFixtures });

test('sign in', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await clean('sign in');
});

test('an admin adds a choice field of accounts in Settings', async () => {
  await page.goto('/settings/fields');
  await settled();
  const form = page.getByRole('form', { name: 'Add a field' });
  await form.getByLabel('Records').selectOption('account');
  await form.getByLabel('Type').selectOption('choice');
  await form.getByLabel('Label').fill('Sales region');
  assert.equal(await form.getByLabel(/^Key/).inputValue(), 'sales_region', 'the key follows the label');
  await form.getByLabel(/^Choices/).fill('North, South');
  await form.getByRole('button', { name: 'Add field' }).click();
  const row = page.locator('tr[data-key="sales_region"]');
  await row.waitFor();
  assert.match(await row.textContent(), /Sales region.*Choice from a list: North, South/);
  assert.match(await page.locator('tr[data-key="contract_no"]').textContent(), /Contract number.*engage/);
  await shot('fields-settings');
  await clean('settings');
});

test('the account form sets the field, the page shows it, the list filters by it', async () => {
  await page.goto('/accounts/new');
  await settled();
  await page.getByLabel('Name').fill('Globex');
  await page.getByLabel('Sales region').selectOption('South');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Globex', level: 1 }).waitFor();
  assert.equal(await page.locator('dd[data-custom="sales_region"]').textContent(), 'South');
  await clean('account page');

  await page.goto('/accounts');
  await settled();
  await page.getByRole('columnheader', { name: 'Sales region' }).waitFor();
  await page.getByLabel('Sales region').selectOption('South');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/custom\.sales_region=South/);
  await settled();
  const names = await page.locator('tbody tr td:first-child').allTextContents();
  assert.deepEqual(names, ['Globex'], 'only the account in the South');
  await shot('fields-list');
  await clean('account list');
});

test('a bad value is refused beside its field', async () => {
  // a choice the list does not offer any more: the server says why
  const acc = (await call('GET', '/accounts?custom.sales_region=South')).items[0];
  await page.goto(`/accounts/${acc.id}/edit`);
  await settled();
  await page.locator('select[name="custom.sales_region"]').evaluate((sel) => {
    sel.append(new Option('West', 'West'));
    sel.value = 'West';
  });
  await expecting([{ method: 'PATCH', re: /\/accounts\/\d+$/, status: [422] }], async () => {
    await page.getByRole('button', { name: 'Save' }).click();
    const err = page.locator('[data-field="custom.sales_region"] .field-error');
    await err.filter({ hasText: 'custom-field' }).waitFor();
    assert.match(await err.textContent(), /refused \(custom-field\): 'Sales region' must be one of North\|South, not 'West'/);
  });
  await clean('refusal');
});

test('the deal checklist lists a field required at the step, and the deal form fills it', async () => {
  await page.goto(`/deals/${deal.id}`);
  await settled();
  await page.getByText("the field 'Contract number'").first().waitFor();
  await page.getByRole('button', { name: 'Edit the deal' }).click();
  await page.getByLabel('Contract number').fill('C-77');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('dd[data-custom="contract_no"]').filter({ hasText: 'C-77' }).waitFor();
  assert.deepEqual((await call('GET', `/deals/${deal.id}`)).custom, { contract_no: 'C-77' });
  await shot('fields-deal');
  await clean('deal');
});
