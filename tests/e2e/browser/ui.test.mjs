// The web UI in a real headless Chromium (Debian's, driven by
// playwright-core) against a real `fulcrum serve` on a demo database
// (`fulcrum demo`, SQLite or PostgreSQL as tests/e2e/lib/db.js decides):
// sign in as the demo admin, Today, dragging deals on the board (a move
// that holds and one the exit criteria refuse), logging a call with its
// agreement, a contact form's validation error, every page's screenshot
// (desktop and phone), an admin adding a user who signs in and changes
// their password, a manager filtering the board by a rep, sign out. Any console error or failed request that
// the scenario does not expect fails the run.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const { freshDb, ROOT } = require('../lib/db.js');

const BIN = resolve(ROOT, process.env.FULCRUM_BIN || 'build/fulcrum');
const SHOTS = join(ROOT, 'tests/e2e/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// The demo team's logins (fulcrum demo): every user's password is demo1234.
const admin = { email: 'admin@demo.test', password: 'demo1234' };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let dir; let db; let server; let base; let browser; let context; let page;
const fx = {};
const serverLog = [];	// the server's last access log lines, for failures
const problems = [];	// unexpected console errors, failed requests, 4xx/5xx
let expected = [];	// [{method, re, status[]}] answers the current step expects
let expectedSeen = 0;	// expected 4xx answers so far
let console4xx = 0;	// Chromium's console errors about 4xx answers so far

function run(args, { input, now } = {}) {
  const env = { ...process.env, FULCRUM_DB: '' };
  if (now) env.FULCRUM_NOW = now;
  const r = spawnSync(BIN, ['--db', db, ...args], { input, encoding: 'utf8', timeout: 300000, env });
  return { code: r.status, out: r.stdout || '', err: r.stderr || '' };
}

function day(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  return d.toISOString().slice(0, 10);
}

// A small API client for the fixtures: the session cookie and CSRF token.
async function apiSession(email, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `login as ${email}: ${text}`);
  const body = JSON.parse(text);
  // Headers.getSetCookie() is newer than Node 18: split the joined header
  // before each "name=" (an Expires date's comma is followed by a day)
  const cookie = (res.headers.get('set-cookie') ?? '').split(/,(?=\s*[\w-]+=)/)
    .map((c) => c.split(';')[0].trim()).join('; ');
  return async (method, path, data) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

function startServer() {
  return new Promise((ok, fail) => {
    server = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    let listening = false;
    const timer = setTimeout(() => fail(new Error(`server did not say where it listens:\n${seen}`)), 20000);
    const look = (chunk) => {
      for (const line of chunk.split('\n')) if (line) serverLog.push(line);
      serverLog.splice(0, Math.max(0, serverLog.length - 40));
      if (listening) return;
      seen += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(seen);
      if (m) { listening = true; clearTimeout(timer); ok(m[1].replace(/\/$/, '')); }
    };
    server.stdout.setEncoding('utf8').on('data', look);
    server.stderr.setEncoding('utf8').on('data', look);
    server.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited (${code}):\n${seen}`)); });
  });
}

// A small demo team with a year of history: what every page shows.
function prepareDatabase() {
  const demo = run(['demo', '--seed', '7', '--deals', '60']);
  assert.equal(demo.code, 0, `demo: ${demo.err}`);
}

// Deals this test owns, because the board scenario needs exact
// preconditions: one whose engage criteria hold (need + open timing), one
// whose contact has no recorded need.
async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  const acc = await call('POST', '/accounts', { name: 'Browser Test Account', domain: 'browser-test.example' });
  const good = await call('POST', '/contacts', { name: 'Rita Ready', account_id: acc.id, email: 'rita@browser-test.example',
    need: 'invoices take two weeks to send', timing_from: day(-10), timing_to: day(60) });
  const bare = await call('POST', '/contacts', { name: 'Nigel Noneed', account_id: acc.id, email: 'nigel@browser-test.example' });
  const ready = await call('POST', '/deals', { title: 'Zz Ready deal', account_id: acc.id, contact_id: good.id, value: 12000,
    close_date: day(45), next_step: { what: 'Intro call with Rita', due: day(0), type: 'appointment' } });
  const blocked = await call('POST', '/deals', { title: 'Zz Blocked deal', account_id: acc.id, contact_id: bare.id, value: 8000,
    close_date: day(60), next_step: { what: 'Call Nigel', due: day(3), type: 'other' } });
  // A promise that fell due two days ago: agreed "then", through the CLI
  // with its clock set back (a next step cannot be due in the past now).
  const late = run(['--as', admin.email, 'next', String(blocked.id), '--what', 'Send the brochure', '--due', day(-2)], { now: day(-2) });
  assert.equal(late.code, 0, `next: ${late.err}`);
  Object.assign(fx, { account: acc, ready, blocked });
}

// Writes NAME.png at the current viewport: the whole page, so a person can
// look at every page after a run (tests/e2e/screenshots is not committed).
async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Runs FN while the listed refusals are expected (they are the point of
// the step), then checks each one happened.
async function expecting(list, fn) {
  expected = list.map((e) => ({ ...e, seen: 0 }));
  try { await fn(); } finally {
    const missed = expected.filter((e) => !e.seen);
    expected = [];
    assert.deepEqual(missed.map((e) => `${e.method} ${e.re}`), [], 'expected refusals happened');
  }
}

// Waits until the page in <main> has drawn all it loads.
async function settled() {
  await page.waitForFunction(() => !document.getElementById('main').hasAttribute('aria-busy'));
}

before(async () => {
  assert.ok(existsSync(BIN), `no fulcrum binary at ${BIN} (set FULCRUM_BIN)`);
  ({ dir, db } = freshDb('fulcrum-ui'));
  mkdirSync(SHOTS, { recursive: true });
  prepareDatabase();
  base = await startServer();
  await makeFixtures();
  // A fresh profile directory per run: nothing carries over between runs.
  context = await chromium.launchPersistentContext(join(dir, 'chromium'), {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: DESKTOP, baseURL: base, locale: 'en-US', timezoneId: 'UTC',
  });
  browser = context;
  page = context.pages()[0] || await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium reports every 4xx answer as a console error; those the
    // scenario expects are accounted for by the response handler.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
      console4xx++;
      return;
    }
    problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  const answered204 = new Set();
  page.on('requestfailed', (req) => {
    const aborted = req.failure()?.errorText === 'net::ERR_ABORTED';
    // A navigation away cancels the last page's pending image loads.
    if (aborted && req.method() === 'GET' && /\.(png|svg)$/.test(req.url())) return;
    // Chromium ends a fetch answered 204 No Content with ERR_ABORTED, and
    // the playwright-core that runs on Node 18 reports it as failed.
    if (aborted && answered204.delete(req)) return;
    problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() === 204) answered204.add(res.request());
    if (res.status() < 400) return;
    const req = res.request();
    const e = expected.find((x) => x.method === req.method() && x.re.test(new URL(res.url()).pathname) && x.status.includes(res.status()));
    if (e) { e.seen++; expectedSeen++; }
    else problems.push(`unexpected ${res.status()}: ${req.method()} ${res.url()}`);
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.removeAllListeners('exit');
    server.kill('SIGTERM');
    await new Promise((ok) => { server.once('exit', ok); setTimeout(ok, 5000); });
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Checks that nothing went wrong so far, once the page has drawn what it
// loads (leaving it earlier would cancel its requests).
async function clean(step) {
  await settled();
  if (console4xx > expectedSeen) problems.push(`${console4xx - expectedSeen} console error(s) about refused requests`);
  console4xx = 0;
  expectedSeen = 0;
  const found = problems.splice(0);
  assert.deepEqual(found, [], `no console errors or failed requests (${step}); the server's last lines:\n${serverLog.join('\n')}`);
}

test('sign in', async () => {
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
  await shot('login');
  await expecting([{ method: 'POST', re: /\/auth\/login$/, status: [401] }], async () => {
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.form-error').filter({ hasText: /./ }).first().waitFor();
  });
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  assert.match(await page.locator('#who-name').textContent(), /\(admin\)/);
  await clean('sign in');
});

test('Today shows the agenda with reasons and actions', async () => {
  await page.goto('/');
  const items = page.locator('.agenda-item');
  await items.first().waitFor();
  assert.ok(await items.count() > 0, 'agenda items are shown');
  const first = items.first();
  assert.ok((await first.locator('.agenda-reason').textContent()).trim().length > 0, 'each item names its reason');
  assert.ok(await first.locator('.agenda-actions button, .agenda-actions a').count() > 0, 'each item has an action');
  // The blocked deal's promise was due two days ago: it stands out.
  const overdue = page.locator('.agenda-item.overdue', { hasText: 'Zz Blocked deal' });
  await overdue.first().waitFor();
  assert.match(await overdue.first().locator('.badge').first().textContent(), /Overdue 2 days/);
  await shot('today');
  await clean('today');
});

const card = (id) => page.locator(`.card[data-id="${id}"]`);
const column = (step) => page.locator(`.column[data-step="${step}"]`);
// Drops land on a column's head: always on screen, whatever the column holds
// (a drop aimed at the middle of a long column would scroll the page
// between pressing the button and moving, and pick up another card).
const dropZone = (step) => column(step).locator('.column-head');

test('dragging a deal whose exit criteria hold moves it, and it stays moved', async () => {
  await page.goto('/pipeline');
  await card(fx.ready.id).waitFor();
  assert.equal(await card(fx.ready.id).getAttribute('data-step'), 'engage');
  await card(fx.ready.id).dragTo(dropZone('comfort'));
  await column('comfort').locator(`.card[data-id="${fx.ready.id}"]`).waitFor();
  await page.waitForFunction(() => !document.querySelector('.card.busy'));
  assert.equal(await column('comfort').locator(`.card[data-id="${fx.ready.id}"] .card-error`).isHidden(), true);
  await page.reload();
  await column('comfort').locator(`.card[data-id="${fx.ready.id}"]`).waitFor();
  assert.equal(await column('engage').locator(`.card[data-id="${fx.ready.id}"]`).count(), 0);
  await shot('pipeline');
  await clean('drag that holds');
});

test('dragging a deal whose exit criteria fail snaps back with the rule', async () => {
  await page.goto('/pipeline');
  await card(fx.blocked.id).waitFor();
  await expecting([{ method: 'POST', re: new RegExp(`/deals/${fx.blocked.id}/advance$`), status: [422] }], async () => {
    await card(fx.blocked.id).dragTo(dropZone('comfort'));
    const err = card(fx.blocked.id).locator('.card-error');
    await err.waitFor();
    assert.match(await err.textContent(), /exit-criteria/);
  });
  assert.equal(await column('engage').locator(`.card[data-id="${fx.blocked.id}"]`).count(), 1, 'the card is back in its column');
  assert.equal(await column('comfort').locator(`.card[data-id="${fx.blocked.id}"]`).count(), 0);
  await shot('pipeline-refused');
  // The keyboard alternative refuses the same way.
  await expecting([{ method: 'POST', re: new RegExp(`/deals/${fx.blocked.id}/advance$`), status: [422] }], async () => {
    await card(fx.blocked.id).getByRole('combobox').selectOption('comfort');
    await page.waitForFunction((id) => !document.querySelector(`.card[data-id="${id}"].busy`), fx.blocked.id);
    assert.match(await card(fx.blocked.id).locator('.card-error').textContent(), /exit-criteria/);
  });
  await clean('drag refused');
});

test('logging a call with an agreement changes the next step', async () => {
  await page.goto(`/deals/${fx.ready.id}`);
  await page.getByRole('heading', { name: 'Zz Ready deal', level: 1 }).waitFor();
  assert.match(await page.locator('#next-step').textContent(), /Intro call with Rita/);
  assert.ok(await page.locator('.checklist li').count() > 0, 'the exit checklist is shown');
  await page.getByRole('button', { name: 'Log a call' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Notes').fill('Rita wants to see the invoicing flow with her team.');
  await dlg.getByLabel('We agreed on a next step').check();
  await dlg.getByLabel('Next step: what was agreed').fill('Demo for the finance team');
  await dlg.getByLabel('Due').fill(day(5));
  await dlg.getByLabel('Type').selectOption('demo');
  await shot('log-call');
  await dlg.getByRole('button', { name: 'Log it' }).click();
  await page.locator('#next-step', { hasText: 'Demo for the finance team' }).waitFor();
  await page.locator('.timeline .badge', { hasText: 'agreement' }).first().waitFor();
  await shot('deal');
  await clean('log a call');
});

test('a contact with a bad email shows the error next to the field', async () => {
  await page.goto('/contacts/new');
  await page.getByRole('heading', { name: 'New contact' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Bad Email Person');
  await page.getByLabel('Email').fill('not-an-email');
  await expecting([{ method: 'POST', re: /\/api\/v1\/contacts$/, status: [400, 422] }], async () => {
    await page.getByRole('button', { name: 'Create contact' }).click();
    const err = page.locator('[data-field="email"] .field-error');
    await err.filter({ hasText: /./ }).waitFor();
    assert.match(await err.textContent(), /email/i);
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  });
  await shot('contact-invalid');
  await page.getByLabel('Email').fill('good@browser-test.example');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await page.getByRole('heading', { name: 'Bad Email Person', level: 1 }).waitFor();
  await shot('contact');
  await clean('contact form');
});

// Every page at desktop and phone size, each with its screenshot; on the
// phone nothing scrolls sideways but the board and wide tables, which
// scroll inside their own box.
test('every page renders, on a desktop and on a phone', async () => {
  const pages = [
    ['today', '/', 'Today', '.agenda-item'],
    ['pipeline', '/pipeline', 'Pipeline', '.card'],
    ['deal', `/deals/${fx.ready.id}`, 'Zz Ready deal', '.checklist li'],
    ['contacts', '/contacts', 'Contacts', 'tbody tr'],
    ['contact', null, null, '.kv'],
    ['accounts', '/accounts', 'Accounts', 'tbody tr'],
    ['account', `/accounts/${fx.account.id}`, 'Browser Test Account', '.kv'],
    ['reports-pipeline', '/reports/pipeline', 'Reports', '.report-body svg'],
    ['reports-funnel', '/reports/funnel', 'Reports', '.report-body svg'],
    ['reports-velocity', '/reports/velocity', 'Reports', '.report-body svg'],
    ['reports-agreements', '/reports/agreements', 'Reports', '.report-body svg'],
    ['reports-followup', '/reports/followup', 'Reports', '.report-body svg'],
    ['settings-process', '/settings/process', 'Settings', '.step-edit'],
    ['settings-users', '/settings/users', 'Settings', 'tbody tr'],
    ['settings-currencies', '/settings/currencies', 'Settings', 'form'],
    ['settings-tokens', '/settings/tokens', 'Settings', 'form'],
    ['settings-calendar', '/settings/calendar', 'Settings', 'main button'],
  ];
  for (const [prefix, size] of [['', DESKTOP], ['phone-', PHONE]]) {
    await page.setViewportSize(size);
    for (const [name, path, heading, body] of pages) {
      if (path) await page.goto(path);
      else {
        // A demo contact, reached the way a person would: from the list.
        await page.goto('/contacts');
        await page.locator('tbody tr a').first().click();
        await page.waitForURL(/\/contacts\/\d+$/);
      }
      if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await settled();
      await page.locator(body).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `no sideways scrolling on ${prefix}${name} (${overflow}px)`);
      await shot(`${prefix}${name}`);
      await clean(`${prefix}${name}`);
    }
  }
  await page.setViewportSize(DESKTOP);
});

test('lists search and paginate; a token is shown once; the calendar link works', async () => {
  await page.goto('/contacts?q=Rita');
  await page.getByRole('link', { name: 'Rita Ready' }).waitFor();
  await page.goto('/contacts');
  await settled();
  const first = await page.locator('tbody tr a').first().textContent();
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForFunction((t) => document.querySelector('tbody tr a')?.textContent !== t, first);
  await page.getByRole('link', { name: 'Previous page' }).click();
  await page.waitForFunction((t) => document.querySelector('tbody tr a')?.textContent === t, first);
  await page.goto('/settings/tokens');
  await page.getByLabel('Name (what it is for)').fill('browser test');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.locator('.token-secret').waitFor();
  assert.match(await page.locator('.token-secret').textContent(), /\S{16,}/);
  // The calendar link works in a calendar app, which does not sign in.
  await page.goto('/settings/calendar');
  await page.getByRole('button', { name: 'Create a new calendar link' }).click();
  const link = page.getByLabel('Calendar link');
  await link.waitFor();
  const url = await link.inputValue();
  assert.match(url, /\/cal\/[^/]+\.ics$/);
  const feed = await fetch(url);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /^BEGIN:VCALENDAR/);
  await clean('lists, tokens, calendar');
});

test('Settings → Currencies: a bad code is refused by name, a rate is added and removed', async () => {
  await page.goto('/settings/currencies');
  await page.getByRole('heading', { name: 'Exchange rates' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Totals, reports and the forecast are in USD/);
  const code = page.getByLabel('Currency (ISO 4217 code, such as EUR)', { exact: true });
  await code.fill('XYZ');
  await page.getByLabel('Valid from').fill('2026-01-01');
  await page.getByLabel('Worth of 1 unit in the base currency').fill('1.1');
  await expecting([{ method: 'POST', re: /\/api\/v1\/rates$/, status: [400] }], async () => {
    await page.getByRole('button', { name: 'Add rate' }).click();
    await page.getByRole('alert').filter({ hasText: 'ISO 4217' }).waitFor();
  });
  assert.equal(await code.getAttribute('aria-invalid'), 'true', 'the error names the field');
  await code.fill('eur');
  await page.getByRole('button', { name: 'Add rate' }).click();
  const row = page.locator('tbody tr').filter({ hasText: 'EUR' });
  await row.waitFor();
  assert.match(await row.textContent(), /2026-01-01.*1\.1/);
  await page.getByRole('button', { name: 'Remove the EUR rate of 2026-01-01' }).click();
  await row.waitFor({ state: 'detached' });
  await clean('currencies');
});

test('the keyboard reaches the board and the focus shows', async () => {
  await page.goto('/pipeline');
  await card(fx.blocked.id).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused link shows its focus');
  // Every form control on the board has a name a screen reader can say.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('main select, main input, main button')]
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await clean('keyboard');
});

// Signs the browser in as EMAIL (from wherever it is).
async function signInAs(email, password) {
  await page.goto('/');
  await settled();
  if (await page.getByRole('button', { name: 'Sign out' }).isVisible()) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  }
  await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await settled();	// Today's agenda is in before the test moves on
}

test('an admin adds a user with a password; they sign in and change it', async () => {
  await signInAs(admin.email, admin.password);
  await page.goto('/settings/users');
  await page.getByRole('heading', { name: 'Add a user' }).waitFor();
  await page.getByLabel('Name').fill('Nina North');
  await page.getByLabel('Email').fill('nina@demo.test');
  await page.getByLabel('Team').fill('north');
  await page.getByLabel('Initial password (8 characters or more)').fill('first-pass-1');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('cell', { name: 'nina@demo.test' }).waitFor();
  await clean('add a user');

  await signInAs('nina@demo.test', 'first-pass-1');
  assert.match(await page.locator('#who-name').textContent(), /Nina North \(rep\)/);
  await page.goto('/settings/password');
  await expecting([{ method: 'POST', re: /\/auth\/password$/, status: [400] }], async () => {
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password (8 characters or more)').fill('second-pass-2');
    await page.getByLabel('New password again').fill('second-pass-2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('the current password is wrong').waitFor();
  });
  await page.getByLabel('Current password').fill('first-pass-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
  await clean('change the password');
  await signInAs('nina@demo.test', 'second-pass-2');
  await clean('sign in with the new password');
});

test('a manager sees names and filters the board by one rep', async () => {
  await signInAs('manager@demo.test', admin.password);
  await page.goto('/pipeline');
  await page.locator('.card').first().waitFor();
  const owners = await page.locator('#pl-owner option').allTextContents();
  assert.ok(owners.length > 3, `the team's reps are listed: ${owners}`);
  assert.ok(owners.every((o) => !/user #/.test(o)), `names, not ids: ${owners}`);
  const metas = await page.locator('.card .card-meta').allTextContents();
  assert.ok(metas.every((m) => !/user #/.test(m)), 'cards name their owners');
  const rep = owners.find((o) => o !== 'Everyone I can see' && o !== 'My deals' && o !== 'Nina North');
  await page.getByLabel('Owner').selectOption({ label: rep });
  await page.waitForURL(/owner=\d+/);
  await settled();
  const shown = await page.locator('.card .card-meta:first-of-type').allTextContents();
  assert.ok(shown.length > 0, 'the rep has deals on the board');
  assert.ok(shown.every((m) => m.includes(rep)), `only ${rep}'s deals: ${shown.slice(0, 3)}`);
  await page.goto('/');
  await page.locator('.agenda-item').first().waitFor();
  await page.getByRole('heading', { name: 'Your team' }).waitFor();
  assert.ok((await page.locator('.agenda-item .badge.owner').count()) > 0, 'items name their owner');
  await settled();
  // the process is read-only for a manager: no control that cannot be saved
  await page.goto('/settings/process');
  await page.getByText('Only an admin may change processes.').waitFor();
  assert.equal(await page.locator('main input, main textarea, main button[type=submit]').count(), 0);
  await clean('manager');
});

test('sign out', async () => {
  await page.goto('/');
  await settled();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
  await page.goto('/pipeline');
  await page.waitForURL(/\/login/);
  await shot('signed-out');
  await clean('sign out');
});
