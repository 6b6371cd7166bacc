// Money in the web UI in each currency's own decimals (docs/money.md): a
// JPY deal reads "JPY 1,000,000" and a KWD one "KWD 1.234" on the board
// and in the reports (read from the API's `*_minor`), and when the
// pipeline report cannot be read the board's column total lists a sum per
// currency instead of adding yen to dinars.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/minor.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, page, run, day, apiSession, shot, expecting, clean,
} from './harness.mjs';

const ADMIN = { email: 'ada@minor.test', password: 'minor-units-2026' };

function prepareDatabase() {
  let r = run(['init', '--admin-email', ADMIN.email, '--admin-name', 'Ada Admin']);
  assert.equal(r.code, 0, `init: ${r.err}`);
  r = run(['user', 'passwd', ADMIN.email], { input: `${ADMIN.password}\n` });
  assert.equal(r.code, 0, `passwd: ${r.err}`);
}

async function makeFixtures() {
  const call = await apiSession(ADMIN.email, ADMIN.password);
  const acc = await call('POST', '/accounts', { name: 'Minor Units Ltd' });
  const bob = await call('POST', '/contacts', { name: 'Bob Minor', account_id: acc.id });
  const deal = (title, value, currency) => call('POST', '/deals', {
    title, account_id: acc.id, contact_id: bob.id, value, currency, close_date: day(30),
    next_step: { what: 'call', due: day(3) },
  });
  const yen = await deal('Tokyo deal', 1000000, 'JPY');
  assert.equal(yen.value_minor, 1000000);
  await deal('Kuwait deal', '1.234', 'KWD');
}

useBrowser('fulcrum-minor', { prepare: prepareDatabase, fixtures: makeFixtures });

test('sign in', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await clean('sign in');
});

const card = (title) => page.locator('.card').filter({ hasText: title });

test('the board shows each currency with its own decimals', async () => {
  await page.goto('/pipeline');
  await card('Tokyo deal').waitFor();
  assert.match(await card('Tokyo deal').textContent(), /JPY\s1,000,000(?![.\d])/);
  assert.match(await card('Kuwait deal').textContent(), /KWD\s1\.234(?!\d)/);
  await shot('minor-board');
  await clean('board');
});

test('without the pipeline report the board sums per currency, never across', async () => {
  await page.route('**/api/v1/reports/pipeline*', (route) => route.fulfill({
    status: 404, contentType: 'application/problem+json',
    body: JSON.stringify({ title: 'Not Found', status: 404, detail: 'gone for this test' }),
  }));
  try {
    await expecting([{ method: 'GET', re: /\/reports\/pipeline$/, status: [404] }], async () => {
      await page.goto('/pipeline');
      await card('Tokyo deal').waitFor();
      const total = page.locator('.column[data-step="engage"] .column-total');
      await page.waitForFunction(() => /JPY/.test(document.querySelector('.column[data-step="engage"] .column-total')?.textContent || ''));
      const text = (await total.textContent()).replace(/\s/g, ' ');
      assert.match(text, /JPY 1,000,000/);
      assert.match(text, /KWD 1\.234/);
      assert.doesNotMatch(text, /1,000,001|1,000,002/, 'no yen and dinars added');
    });
  } finally {
    await page.unroute('**/api/v1/reports/pipeline*');
  }
  await clean('board fallback');
});

test('a report lists the deals it could not convert in their own currency', async () => {
  await page.goto('/reports/pipeline');
  const note = page.getByRole('note');
  await note.waitFor();
  const items = (await note.locator('li').allTextContents()).map((t) => t.replace(/\s/g, ' '));
  assert.deepEqual(items.sort(), ['1 deal, JPY 1,000,000', '1 deal, KWD 1.234']);
  await shot('minor-report');
  await clean('report');
});
