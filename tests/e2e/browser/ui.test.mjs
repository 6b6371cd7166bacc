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
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useBrowser, page, base, run, day, apiSession, shot, expecting, settled, clean, admin, signIn, DESKTOP, PHONE,
} from './harness.mjs';

const fx = {};

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

useBrowser('fulcrum-ui', { prepare: prepareDatabase, fixtures: makeFixtures });

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
    await card(fx.blocked.id).getByRole('button', { name: /^Move / }).click();
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

test('an admin adds a user with a password; they sign in and must change it', async () => {
  await signIn(admin.email, admin.password);
  await page.goto('/settings/users');
  await page.getByRole('heading', { name: 'Add a user' }).waitFor();
  await page.getByLabel('Name').fill('Nina North');
  await page.getByLabel('Email').fill('nina@demo.test');
  await page.getByLabel('Team').fill('north');
  await page.getByLabel('Initial password (8 characters or more)').fill('first-pass-1');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('cell', { name: 'nina@demo.test' }).waitFor();
  await clean('add a user');

  await signIn('nina@demo.test', 'first-pass-1', 'Choose your own password');
  assert.match(await page.locator('#who-name').textContent(), /Nina North \(rep\)/);
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
  await signIn('nina@demo.test', 'second-pass-2');
  await clean('sign in with the new password');
});

test('a manager sees names and filters the board by one rep', async () => {
  await signIn('manager@demo.test', admin.password);
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
