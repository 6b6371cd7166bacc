// Every page of the web UI on the demo's data (`fulcrum demo --seed 1`, as
// scripts/demo.sh makes it), at desktop and phone size: axe-core (run in
// the page) finds no critical or serious accessibility violation, each
// page's screenshot is written to tests/e2e/screenshots (demo-*.png), and
// what a person reads names people, not ids ("user #3"), shows money with
// its currency, not raw cents, and rates as percentages, not fractions.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/a11y.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  useBrowser, page, run, apiSession, shot, settled, clean, admin, DESKTOP, PHONE,
} from './harness.mjs';
import { readingProblems } from './reading.mjs';

const require = createRequire(import.meta.url);
// axe-core's own build, evaluated in the page: the UI's Content Security
// Policy (rightly) refuses an inline script tag.
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const fx = {};

function prepareDatabase() {
  const demo = run(['demo', '--seed', '1']);
  assert.equal(demo.code, 0, `demo: ${demo.err}`);
}

// One demo deal, contact and account of each kind a page is drawn for.
async function findRecords() {
  const call = await apiSession(admin.email, admin.password);
  const first = async (path) => {
    const r = await call('GET', path);
    const list = Array.isArray(r) ? r : r.items;
    assert.ok(list.length > 0, `${path} lists something`);
    return list[0].id;
  };
  fx.deal = await first('/deals?status=open&limit=1');
  fx.won = await first('/deals?status=won&limit=1');
  fx.contact = await first('/contacts?limit=1');
  fx.account = await first('/accounts?limit=1');
}

useBrowser('fulcrum-a11y', { prepare: prepareDatabase, fixtures: findRecords });

// axe-core's critical and serious violations on the page as it is now,
// one readable line per element.
async function axeViolations() {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const lines = [];
  for (const v of result.violations) {
    if (!process.env.A11Y_ALL && v.impact !== 'critical' && v.impact !== 'serious') continue;
    for (const n of v.nodes) {
      const why = (n.failureSummary || '').replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, '');
      lines.push(`[${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}: ${why}`);
    }
  }
  return lines;
}

// The text a person reads: the page's own and the charts' labels, and each
// table's cells with their column's heading.
async function pageReading() {
  return page.evaluate(() => {
    const main = document.body;
    const text = [main.innerText, ...[...main.querySelectorAll('svg text, svg title')].map((t) => t.textContent)].join('\n');
    const cells = [];
    for (const table of main.querySelectorAll('table')) {
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      for (const tr of table.querySelectorAll('tbody tr')) {
        [...tr.children].forEach((td, i) => cells.push({ head: heads[i] || '', text: td.textContent.trim() }));
      }
    }
    return { text, cells };
  });
}

async function signIn() {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
}

// The tabs of a page with tabs (Reports, Settings), as their links say.
async function tabs(path, label) {
  await page.goto(path);
  await settled();
  const nav = page.getByRole('navigation', { name: label });
  await nav.waitFor();
  return nav.locator('a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
}

const failures = [];

async function check(name, { reading = true } = {}) {
  await settled();
  // the charts and lists draw after their data comes; give them a moment
  await page.waitForTimeout(150);
  await shot(`demo-${name}`);
  const found = (await axeViolations()).map((l) => `${name}: ${l}`);
  if (reading) found.push(...readingProblems(name, await pageReading()).map((l) => `${name}: ${l}`));
  failures.push(...found);
  return found;
}

for (const [prefix, size] of [['', DESKTOP], ['phone-', PHONE]]) {
  test(`every page at ${size.width}x${size.height}: no serious accessibility violation, readable text`, async () => {
    await page.setViewportSize(size);
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
    await check(`${prefix}login`, { reading: false });
    await signIn();
    const pages = [
      ['today', '/', 'Today'],
      ['pipeline', '/pipeline', 'Pipeline'],
      ['deal', `/deals/${fx.deal}`, null],
      ['deal-won', `/deals/${fx.won}`, null],
      ['contacts', '/contacts', 'Contacts'],
      ['contact', `/contacts/${fx.contact}`, null],
      ['contact-new', '/contacts/new', null],
      ['accounts', '/accounts', 'Accounts'],
      ['account', `/accounts/${fx.account}`, null],
      ['account-new', '/accounts/new', null],
    ];
    // every report tab; coaching is a page of its own (web/js/coaching.js)
    for (const p of await tabs('/reports', 'Reports')) pages.push([`reports-${p.split('/').pop()}`, p, p.endsWith('/coaching') ? 'Coaching' : 'Reports']);
    for (const p of await tabs('/settings', 'Settings')) pages.push([`settings-${p.split('/').pop()}`, p, 'Settings']);
    const before = failures.length;
    for (const [name, path, heading] of pages) {
      await page.goto(path);
      if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await check(`${prefix}${name}`);
      await clean(`${prefix}${name}`);
    }
    // signed out again, for the next size's sign-in page
    await page.goto('/');
    await settled();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
    const mine = failures.slice(before);
    assert.deepEqual(mine, [], `\n${mine.join('\n')}\n`);
  });
}
