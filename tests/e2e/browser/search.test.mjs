// The header's search box: `/` focuses it from a page (not from a field),
// typing shows the results grouped by kind, the keyboard walks them, and a
// result opens its record; an interaction's note opens its deal.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/search.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, run, day, apiSession, shot, clean } from './harness.mjs';

const ADMIN = { email: 'ada@search.test', password: 'search-box-2026' };
const ids = {};

function prepareDatabase() {
  let r = run(['init', '--admin-email', ADMIN.email, '--admin-name', 'Ada Admin']);
  assert.equal(r.code, 0, `init: ${r.err}`);
  r = run(['user', 'passwd', ADMIN.email], { input: `${ADMIN.password}\n` });
  assert.equal(r.code, 0, `passwd: ${r.err}`);
}

async function makeFixtures() {
  const call = await apiSession(ADMIN.email, ADMIN.password);
  const acc = await call('POST', '/accounts', { name: 'Lovelace Looms' });
  const ada = await call('POST', '/contacts', { name: 'Ada Lovelace', account_id: acc.id });
  const deal = await call('POST', '/deals', {
    title: 'Analytical engine', account_id: acc.id, contact_id: ada.id, value: 1000,
    next_step: { what: 'send the gear drawings', due: day(3) },
  });
  await call('POST', '/interactions', { kind: 'call', deal_id: deal.id, agreement: false,
    notes: 'she asked about the zeppelin delivery' });
  Object.assign(ids, { acc: acc.id, ada: ada.id, deal: deal.id });
}

useBrowser('fulcrum-search', { prepare: prepareDatabase, fixtures: makeFixtures });

const box = () => page.getByRole('searchbox', { name: 'Search' });
const results = () => page.locator('#search-results');

test('sign in', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await clean('sign in');
});

test('/ focuses the box, and results come grouped by kind', async () => {
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-q');
  assert.equal(await box().inputValue(), '', 'the slash is not typed');
  await page.keyboard.type('lovel');
  await results().getByRole('heading', { name: 'Contacts' }).waitFor();
  const headings = await results().getByRole('heading').allTextContents();
  assert.deepEqual(headings, ['Contacts', 'Accounts', 'Deals'], 'grouped in a fixed order');
  assert.equal(await results().isVisible(), true);
  await shot('search-results');
  await clean('results');
});

test('the keyboard walks the results and Escape closes them', async () => {
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ada LovelaceLovelace Looms',
    'the contact first, with its account and no empty snippet');
  await page.keyboard.press('ArrowDown');
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('href')), /^\/accounts\/\d+$/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-q');
  await page.keyboard.press('Escape');
  assert.equal(await results().isHidden(), true);
  await clean('keyboard');
});

test('clicking a result opens its record', async () => {
  await box().fill('ada lov');
  await results().getByRole('heading', { name: 'Accounts' }).waitFor({ state: 'detached' });
  await results().getByRole('link', { name: /Ada Lovelace/ }).click();
  await page.waitForURL(`**/contacts/${ids.ada}`);
  await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
  assert.equal(await results().isHidden(), true);
  await clean('open a contact');
});

test('a word of a call\'s notes opens the call\'s deal, Enter the first result', async () => {
  await box().fill('zeppelin');
  await results().getByRole('heading', { name: 'Interactions' }).waitFor();
  assert.match(await results().textContent(), /zeppelin delivery/);
  await box().press('Enter');
  await page.waitForURL(`**/deals/${ids.deal}`);
  await page.getByRole('heading', { name: 'Analytical engine', level: 1 }).waitFor();
  await clean('open a deal');
});

test('/ typed in a field stays in the field', async () => {
  await box().fill('');
  await page.goto(`/contacts/${ids.ada}/edit`);
  const name = page.getByLabel('Name', { exact: true });
  await name.waitFor();
  await name.fill('Ada/');
  assert.equal(await name.inputValue(), 'Ada/');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'search-q');
  await box().fill('nothing-like-this');
  await results().getByText('Nothing found').waitFor();
  await clean('field');
});
