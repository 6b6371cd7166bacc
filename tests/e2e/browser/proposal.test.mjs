// Step 4 in the browser, on a demo database: a demo deal's page shows its
// line items; "Build proposal" builds the next version and opens it, and the
// document has every want, fit and line item of the deal; printed to PDF by
// Chromium (page.pdf()) it has them too, read back with pdftotext (Debian's
// poppler-utils). Then the page edits line items (add, change, remove, the
// value following) and sends the proposal (the next step becomes the
// proposal review).
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/proposal.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { useBrowser, page, run, dir, apiSession, shot, clean, settled } from './harness.mjs';

const admin = { email: 'admin@demo.test', password: 'demo1234' };
const fx = {};

// Text as a reader compares it: ligatures undone, any run of spaces and
// line breaks one space.
const flat = (s) => s.normalize('NFKC').replace(/\s+/g, ' ');
// Amounts as the document writes them: "USD 1,234.50".
const usd = (minor) => `USD ${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
// and as the web UI writes them (web/js/ui.js money()): whole amounts
// without decimals
const ui = (minor) => (minor % 100 ? usd(minor) : usd(minor).slice(0, -3));
const uiText = async (loc) => flat(await loc.textContent()).replace(/\u00a0/g, ' ');
const has = (text, s) => assert.ok(text.includes(s), `'${text}' shows '${s}'`);

useBrowser('fulcrum-proposal', {
  prepare: () => {
    const demo = run(['demo', '--seed', '3', '--deals', '60']);
    assert.equal(demo.code, 0, `demo: ${demo.err}`);
    const lines = run(['--json', '--as', admin.email, 'line-item', 'list', '--limit', '1']);
    assert.equal(lines.code, 0, lines.err);
    fx.deal = JSON.parse(lines.out)[0].deal_id;
  },
  fixtures: async () => {
    const call = await apiSession(admin.email, admin.password);
    const d = await call('GET', `/deals/${fx.deal}`);
    fx.title = d.title;
    fx.currency = d.currency;
    fx.wants = d.wants.map((w) => w.text);
    fx.fits = d.fits.map((f) => f.how);
    fx.items = (await call('GET', `/line-items?deal_id=${fx.deal}&limit=200`)).items;
    fx.offerings = new Map((await call('GET', '/offerings?limit=200')).items.map((o) => [o.id, o.name]));
    assert.equal(fx.currency, 'USD');
    assert.ok(fx.wants.length > 0 && fx.fits.length > 0 && fx.items.length > 0, 'a demo deal with wants, fits and line items');
  },
});

// Everything the document must show: each want in the customer's words,
// each fit's how, each line's offering and total, and the grand total.
function expected() {
  const total = fx.items.reduce((s, i) => s + i.total_minor, 0);
  return [...fx.wants, ...fx.fits,
    ...fx.items.map((i) => fx.offerings.get(i.offering_id)),
    ...fx.items.map((i) => usd(i.total_minor)), usd(total)];
}

test('sign in', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await clean('sign in');
});

test('the deal page shows the line items and builds a proposal that opens', async () => {
  await page.goto(`/deals/${fx.deal}`);
  await page.getByRole('heading', { name: fx.title, level: 1 }).waitFor();
  const panel = page.getByRole('region', { name: 'Line items' });
  await panel.locator('tbody tr').first().waitFor();
  assert.equal(await panel.locator('tbody tr').count(), fx.items.length);
  const total = fx.items.reduce((s, i) => s + i.total_minor, 0);
  assert.equal(await uiText(panel.locator('.line-items-total')), ui(total));
  await shot('proposal-deal');

  const [doc] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: 'Build proposal' }).click(),
  ]);
  await doc.waitForURL(/\/api\/v1\/deals\/\d+\/proposals\/\d+$/);
  await doc.waitForLoadState('load');
  fx.number = Number(/proposals\/(\d+)$/.exec(doc.url())[1]);
  const text = flat(await doc.locator('body').innerText());
  for (const s of expected()) assert.ok(text.includes(flat(s)), `the document shows '${s}'`);
  // the wants come by importance
  await doc.screenshot({ path: join(dir, 'proposal.png'), fullPage: true });

  // printed to PDF by Chromium, with the print stylesheet
  const pdf = join(dir, 'proposal.pdf');
  await doc.emulateMedia({ media: 'print' });
  await doc.pdf({ path: pdf, format: 'A4', printBackground: true });
  const out = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  assert.equal(out.status, 0, `pdftotext: ${out.stderr}`);
  const printed = flat(out.stdout);
  for (const s of expected()) assert.ok(printed.includes(flat(s)), `the PDF has '${s}'`);
  rmSync(pdf, { force: true });
  await doc.close();
  // the list on the deal page has the new version
  await page.locator(`.proposals li[data-proposal="${fx.number}"]`).waitFor();
  await clean('proposal built');
});

test('the deal page adds, changes and removes a line item, the value following', async () => {
  const panel = page.getByRole('region', { name: 'Line items' });
  const value = () => uiText(page.locator('.deal-facts dd').nth(1));
  const before = fx.items.length;
  await panel.getByLabel('Offering').selectOption({ label: 'Premium Support' });
  await panel.getByLabel('Quantity').fill('2');
  await panel.getByLabel('Unit price').fill('1000');
  await panel.getByLabel('Discount (%)').fill('5');
  await panel.getByRole('button', { name: 'Add line item' }).click();
  await page.getByRole('region', { name: 'Line items' }).locator('tbody tr').nth(before).waitFor();
  await settled();
  const added = page.getByRole('region', { name: 'Line items' }).locator('tbody tr').nth(before);
  assert.match(await uiText(added), /^Premium Support2USD 1,0005%USD 1,900Edit/);
  const total = fx.items.reduce((s, i) => s + i.total_minor, 0);
  has(await value(), ui(total + 190000));

  await added.getByRole('button', { name: /^Edit the line/ }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Quantity').fill('3');
  await dlg.getByRole('button', { name: 'Save' }).click();
  await dlg.waitFor({ state: 'detached' });
  // the page draws again once the change is saved: 3 x 1,000 less 5%
  await page.locator('table.line-items tbody tr').nth(before).filter({ hasText: 'USD 2,850' }).waitFor();
  await settled();

  await page.getByRole('region', { name: 'Line items' }).locator('tbody tr').nth(before)
    .getByRole('button', { name: /^Remove the line/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('table.line-items tbody tr').length === n, before);
  await settled();
  has(await value(), ui(total));
  await shot('proposal-line-items');
  await clean('line items edited');
});

test('sending the proposal makes the review the agreed next step', async () => {
  await page.getByRole('button', { name: `Send proposal v${fx.number}` }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Review by').fill('2031-01-15');
  await dlg.getByRole('button', { name: 'Send' }).click();
  await dlg.waitFor({ state: 'detached' });
  await page.locator('#next-step').filter({ hasText: 'proposal review' }).waitFor();
  await page.locator(`.proposals li[data-proposal="${fx.number}"] .badge`).waitFor();
  await clean('proposal sent');
});
