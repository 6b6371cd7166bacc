// Bringing records in and finding them again, only through the pages: a
// CSV with a good and a bad row is previewed with its column map (one
// column's field changed), the dry run names the bad row's reason, the
// import runs with its progress bar and offers the rejected rows as a
// file; the imported contact is in the contacts list with its account; a
// call logged on it shows on its timeline; the list sorts and filters on
// the server; the lists and the board export what they show; a report on
// a phone has chart labels of at least 11 px.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/import-records.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  useBrowser, page, run, apiSession, shot, clean, settled, admin, DESKTOP, PHONE,
} from './harness.mjs';

const CSV = 'Name,Email,Company,Source,Shoe size\n' +
  'Imported Ivy,ivy@import.example,Import Co,event,41\n' +
  'Broken Bo,not-an-address,Import Co,event,39\n';

let call;

useBrowser('fulcrum-import-records', {
  prepare() {
    const demo = run(['demo', '--seed', '3', '--deals', '20']);
    assert.equal(demo.code, 0, `demo: ${demo.err}`);
  },
  async fixtures() { call = await apiSession(admin.email, admin.password); },
});

test('sign in', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await clean('sign in');
});

test('a CSV is previewed, checked, imported, and its rejected rows downloaded', async () => {
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Import and export', level: 1 }).waitFor();
  await page.getByLabel('The file holds').selectOption('contacts');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

  // the preview: the first rows, each column's field preselected
  const preview = page.locator('.import-preview');
  await preview.getByRole('heading', { name: 'Preview and column map' }).waitFor();
  assert.equal(await preview.getByLabel('Company').inputValue(), 'account');
  assert.equal(await preview.getByLabel('Email').inputValue(), 'email');
  assert.equal(await preview.getByLabel('Shoe size').inputValue(), 'ignore', 'an unknown column is not imported');
  assert.equal(await preview.locator('tbody tr').count(), 2);
  await preview.getByRole('cell', { name: 'Broken Bo' }).waitFor();
  // a column's field can be changed
  await preview.getByLabel('Shoe size').selectOption('notes');

  // the dry run names the bad row and why, and writes nothing
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  const check = page.locator('.import-check');
  await check.getByText('2 rows read: 1 would be imported').waitFor();
  const bad = check.locator('table.rejects tbody tr');
  assert.equal(await bad.count(), 1);
  assert.equal(await bad.locator('td').first().textContent(), '3', 'the bad row is line 3 of the file');
  assert.match(await bad.locator('td').nth(1).textContent(), /email/i, 'the reason names the email');
  const none = await call('GET', '/contacts?q=Imported%20Ivy');
  assert.equal(none.items.length, 0, 'a dry run imports nothing');
  await shot('import-dry-run');

  // the import: its progress bar fills, the rejected rows are a download
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const done = page.locator('.import-done');
  await done.getByText('2 rows read: 1 imported').waitFor();
  assert.equal(await page.locator('#imp-progress').evaluate((p) => p.value), 100);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    done.getByRole('link', { name: 'Download the rejected rows (CSV)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'rejected-contacts.csv');
  const rejected = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  assert.equal(rejected[0], 'Name,Email,Company,Source,Shoe size,reason');
  assert.match(rejected[1], /^Broken Bo,not-an-address,Import Co,event,39,.*email/i);
  await shot('import-done');
  await clean('import');
});

test('the preview says per row what the import would do: a likely duplicate by name', async () => {
  const again = 'Name,Email,Company\nIvy Again,IVY@import.example,Import Co\nNew Nora,nora@import.example,Import Co\n';
  await page.getByLabel('Records already here').selectOption('skip');
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(again) });
  const preview = page.locator('.import-preview');
  await preview.getByRole('cell', { name: 'Ivy Again' }).waitFor();
  const rows = preview.locator('tbody tr');
  const first = rows.nth(0).locator('td').first();
  assert.match(await first.textContent(), /^skip it contact Imported Ivy.*same e-mail/);
  assert.equal(await rows.nth(0).getAttribute('data-outcome'), 'skipped');
  assert.equal(await rows.nth(1).locator('td').first().textContent(), 'import it');
  // the choice for records already here is the preview's too
  await page.getByLabel('Records already here').selectOption('update');
  await preview.getByText(/^merge it into the record that is there contact Imported Ivy/).waitFor();
  // the dry run flags the same row
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  const check = page.locator('.import-check');
  await check.getByText('2 rows read: 1 would be imported, 1 would update a record').waitFor();
  const decided = check.locator('table.rejects tbody tr');
  assert.equal(await decided.count(), 1);
  assert.equal(await decided.locator('td').first().textContent(), '2', 'line 2 of the file: the preview\'s first row');
  await shot('import-preview-duplicates');
  await page.getByLabel('Records already here').selectOption('skip');
  await clean('import preview');
});

test('the imported contact is in the list, with its account, and its page has a timeline', async () => {
  await page.getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await page.getByLabel('Search contacts').fill('Imported Ivy');
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.locator('tbody tr', { hasText: 'Imported Ivy' });
  await row.waitFor();
  await row.getByRole('link', { name: 'Import Co' }).waitFor();
  await row.getByRole('link', { name: 'Imported Ivy' }).click();
  await page.getByRole('heading', { name: 'Imported Ivy', level: 1 }).waitFor();
  await page.getByText('41', { exact: true }).waitFor();	// the column mapped to notes

  const timeline = page.locator('section', { has: page.getByRole('heading', { name: 'Timeline' }) });
  await timeline.getByText('Nothing has happened yet.').waitFor();
  await page.getByRole('button', { name: 'Log a call' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Notes').fill('Asked how the import went');
  await dlg.getByRole('button', { name: 'Log it' }).click();
  await timeline.getByText('Asked how the import went').waitFor();
  assert.match(await timeline.locator('li').first().textContent(), /Call.*by /);
  await shot('contact-timeline');
  // the account's timeline holds its contacts' calls, naming the contact
  await page.locator('dd').getByRole('link', { name: 'Import Co' }).click();
  await page.getByRole('heading', { name: 'Import Co', level: 1 }).waitFor();
  const accountLine = page.locator('section', { has: page.getByRole('heading', { name: 'Timeline' }) });
  const item = accountLine.locator('li', { hasText: 'Asked how the import went' });
  await item.waitFor();
  await item.getByRole('link', { name: 'Imported Ivy' }).waitFor();
  await clean('contact timeline');
});

test('the contacts list sorts by a column and filters on the server', async () => {
  await page.goto('/contacts');
  await settled();
  const firstName = () => page.locator('tbody tr td:first-child a').first().textContent();
  // Name is the default order; its heading reverses it
  await page.getByRole('link', { name: /^Name/ }).click();
  await page.waitForURL(/sort=-name/);
  await settled();
  assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'descending');
  const desc = await call('GET', '/contacts?sort=-name&limit=1');
  assert.equal(await firstName(), desc.items[0].name, 'the server\'s order');
  await page.getByRole('link', { name: /^Email/ }).click();
  await page.waitForURL(/sort=email/);
  await settled();
  const byEmail = await call('GET', '/contacts?sort=email&limit=1');
  assert.equal(await firstName(), byEmail.items[0].name);

  await page.getByLabel('Source').selectOption('event');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/source=event/);
  await settled();
  const want = (await call('GET', '/contacts?source=event&sort=email&limit=1000')).items.map((c) => c.name);
  const shown = await page.locator('tbody tr td:first-child a').allTextContents();
  assert.deepEqual(shown, want.slice(0, 25), 'the first page of the server\'s filtered list');
  assert.ok(want.includes('Imported Ivy'));
  // the export link carries the same filter
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/export\/contacts\?.*source=event/);
  const file = await page.request.get(href);
  assert.equal(file.status(), 200);
  const lines = (await file.text()).trim().split(/\r?\n/);
  assert.equal(lines.length, want.length + 1, 'the file holds the filtered list and its header');
  assert.ok(lines.some((l) => l.includes('Imported Ivy')));
  await clean('sort and filter');
});

test('the board exports its open deals as CSV', async () => {
  await page.goto('/pipeline');
  await settled();
  const link = page.getByRole('link', { name: 'Export CSV' });
  const href = await link.getAttribute('href');
  assert.match(href, /^\/api\/v1\/export\/deals\?.*status=open/);
  const file = await page.request.get(href);
  assert.equal(file.status(), 200);
  const lines = (await file.text()).trim().split(/\r?\n/);
  const open = await call('GET', '/deals?status=open&limit=1000');
  assert.equal(lines.length, open.items.length + 1, 'every open deal and the header');
  await clean('board export');
});

test('a report on a phone has chart labels of at least 11 px in a scrollable region', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.goto('/reports/pipeline');
    const chart = page.locator('svg.chart').first();
    await chart.waitFor();
    const smallest = await chart.evaluate((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
    });
    assert.ok(smallest >= 11, `chart labels are ${smallest.toFixed(1)} px`);
    const region = page.locator('.chart-scroll').first();
    assert.equal(await region.getAttribute('tabindex'), '0');
    assert.ok((await region.getAttribute('aria-label')).length > 0, 'the scrollable chart has a name');
    const table = page.locator('.report-body .table-wrap').first();
    assert.equal(await table.getAttribute('tabindex'), '0');
    const text = await page.locator('.report-table').textContent();
    assert.doesNotMatch(text, /Position|Process/, 'no internal columns');
    await shot('report-phone');
    // the import page and the lists fit a phone as well
    for (const [path, name] of [['/import', 'import-phone'], ['/contacts?source=event', 'contacts-phone'], ['/accounts', 'accounts-phone']]) {
      await page.goto(path);
      await settled();
      await page.locator('h1').waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `${path} does not scroll sideways (${wide}px)`);
      await shot(name);
    }
    await clean('report on a phone');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});
