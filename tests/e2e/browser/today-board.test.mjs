// Today's actions and the board, in a real Chromium against a real server
// (SQLite or PostgreSQL as tests/e2e/lib/db.js decides): an ask declined
// with its reason, a contact to engage disqualified, the tel: and mailto:
// links of an item; on the board a keyboard move (choose, then Move) that
// is undone, a move back that asks first, the follow-up column, the
// filters and the search; an admin resetting a password, and the user made
// to choose their own at sign-in.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/today-board.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, run, day, apiSession, shot, expecting, settled, clean, admin, initAdmin, signIn } from './harness.mjs';

const fx = {};

async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  const acc = await call('POST', '/accounts', { name: 'Globex' });
  const erin = await call('POST', '/contacts', { name: 'Erin Engage', account_id: acc.id, email: 'erin@globex.test',
    phone: '+1 555 0100', need: 'faster invoicing', timing_from: day(-5) });
  const dana = await call('POST', '/contacts', { name: 'Dana Won', account_id: acc.id, email: 'dana@globex.test', phone: '+1 555 0199' });
  const won = await call('POST', '/deals', { title: 'Kb Won deal', account_id: acc.id, contact_id: dana.id, value: 5000,
    next_step: { what: 'Sign', due: day(2) } });
  // a forced win too needs the customer's wants (R3)
  await call('POST', '/wants', { deal_id: won.id, kind: 'objective', text: 'invoices on time' });
  await call('POST', `/deals/${won.id}/win`, { force: true, reason: 'signed' });
  await call('POST', '/checks', { deal_id: won.id, score: 5 });
  const pending = await call('POST', '/deals', { title: 'Kb Check pending', account_id: acc.id, contact_id: dana.id, value: 700,
    next_step: { what: 'Sign', due: day(2) } });
  await call('POST', '/wants', { deal_id: pending.id, kind: 'objective', text: 'invoices on time' });
  await call('POST', `/deals/${pending.id}/win`, { force: true, reason: 'signed' });
  // deals the board's filters tell apart; the movable one's contact meets
  // the engage step's exit criteria (a need, an open window)
  const mover = await call('POST', '/contacts', { name: 'Mo Mover', account_id: acc.id, need: 'reports', timing_from: day(-3) });
  const small = await call('POST', '/deals', { title: 'Kb Small move', account_id: acc.id, contact_id: mover.id, value: 100,
    close_date: `${day(40).slice(0, 7)}-15`, next_step: { what: 'Intro', due: day(4) } });
  const big = await call('POST', '/deals', { title: 'Kb Big one', account_id: acc.id, contact_id: mover.id, value: 90000,
    next_step: { what: 'Intro', due: day(4) } });
  const late = run(['--as', admin.email, '--json', 'deal', 'add', 'Kb Late promise', '--account', String(acc.id),
    '--contact', String(mover.id), '--value', '800', '--next', 'Send the quote', '--due', day(-3)], { now: day(-8) });
  assert.equal(late.code, 0, `deal add: ${late.err}`);
  const rep = await call('POST', '/users', { name: 'Rex Rep', email: 'rex@demo.test', password: 'given-pass-1', must_change_password: false });
  Object.assign(fx, { acc, erin, won, pending, small, big, rep });
}

useBrowser('fulcrum-today-board', { prepare: initAdmin, fixtures: makeFixtures });

const item = (kind, text) => page.locator(`.agenda-item[data-kind="${kind}"]`, { hasText: text });

test('Today: an item names the account and links to call or write the contact', async () => {
  await signIn(admin.email, admin.password);
  const engage = item('engage', 'Erin Engage');
  await engage.waitFor();
  assert.equal(await engage.getByRole('link', { name: 'Globex', exact: true }).getAttribute('href'), `/accounts/${fx.acc.id}`);
  assert.equal(await engage.locator('a[href^="tel:"]').getAttribute('href'), 'tel:+15550100');
  assert.equal(await engage.locator('a[href^="mailto:"]').getAttribute('href'), 'mailto:erin@globex.test');
  const ask = item('referral_ask', 'Kb Won deal');
  assert.equal(await ask.locator('a[href^="mailto:"]').getAttribute('href'), 'mailto:dana@globex.test');
  assert.equal(await ask.getByRole('link', { name: 'Dana Won', exact: true }).getAttribute('href'), `/contacts/${fx.won.contact_id}`);
  await shot('today-people');
  await clean('people on Today');
});

test('Today: a referral ask is declined with its reason and leaves the agenda', async () => {
  await page.goto('/');
  const ask = item('referral_ask', 'Kb Won deal');
  await ask.getByRole('button', { name: 'Decline…' }).click();
  const dlg = page.getByRole('dialog');
  await expecting([{ method: 'POST', re: /\/asks\/\d+\/decline$/, status: [400] }], async () => {
    // an empty reason: the server says it is required, next to the field
    await dlg.getByRole('button', { name: 'Decline the ask' }).click();
    await dlg.getByText(/'reason' is required/).waitFor();
  });
  await dlg.getByLabel('Why not ask?').fill('They reorganised last week');
  await dlg.getByRole('button', { name: 'Decline the ask' }).click();
  await ask.waitFor({ state: 'detached' });
  await item('expansion_ask', 'Kb Won deal').waitFor();
  const history = await (await apiSession(admin.email, admin.password))('GET', `/deals/${fx.won.id}/history`);
  assert.ok(history.items.some((e) => e.action === 'ask-declined' && e.reason === 'They reorganised last week'));
  await clean('decline an ask');
});

test('Today: an engage item is disqualified, or its first contact logged', async () => {
  await page.goto('/');
  const engage = item('engage', 'Erin Engage');
  await engage.getByRole('button', { name: 'Log the first contact' }).click();
  const logDlg = page.getByRole('dialog');
  await logDlg.getByRole('heading', { name: 'Log a call: Erin Engage' }).waitFor();
  await logDlg.getByRole('button', { name: 'Cancel' }).click();
  await engage.getByRole('button', { name: 'Disqualify…' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Reason').selectOption('wrong_timing');
  await dlg.getByLabel('Note (optional)').fill('budget opens in spring');
  await shot('today-disqualify');
  await dlg.getByRole('button', { name: 'Disqualify' }).click();
  await engage.waitFor({ state: 'detached' });
  const c = await (await apiSession(admin.email, admin.password))('GET', `/contacts/${fx.erin.id}`);
  assert.equal(c.disqualified_reason, 'wrong_timing');
  await clean('disqualify');
});

const card = (id) => page.locator(`.card[data-id="${id}"]`);
const column = (step) => page.locator(`.column[data-step="${step}"]`);

test('the board: the keyboard chooses a step, Move moves, Undo takes it back', async () => {
  await page.goto('/pipeline');
  await card(fx.small.id).waitFor();
  const select = card(fx.small.id).getByRole('combobox');
  await select.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await settled();
  assert.equal(await column('engage').locator(`.card[data-id="${fx.small.id}"]`).count(), 1, 'an arrow key only chooses');
  await select.selectOption('comfort');
  await card(fx.small.id).getByRole('button', { name: 'Move Kb Small move' }).press('Enter');
  await column('comfort').locator(`.card[data-id="${fx.small.id}"]`).waitFor();
  const undo = page.locator('.undo-bar').getByRole('button', { name: 'Undo' });
  await undo.waitFor();
  assert.match(await page.locator('.undo-bar').textContent(), /Kb Small move moved to/);
  await shot('board-undo');
  await undo.click();
  await column('engage').locator(`.card[data-id="${fx.small.id}"]`).waitFor();
  await page.locator('.undo-bar', { hasText: 'is back in' }).waitFor();
  await page.reload();
  await column('engage').locator(`.card[data-id="${fx.small.id}"]`).waitFor();
  await clean('keyboard move and undo');
});

test('the board: a move back asks first', async () => {
  await page.goto('/pipeline');
  await card(fx.small.id).getByRole('combobox').selectOption('comfort');
  await card(fx.small.id).getByRole('button', { name: /^Move / }).click();
  await column('comfort').locator(`.card[data-id="${fx.small.id}"]`).waitFor();
  await card(fx.small.id).getByRole('combobox').selectOption('engage');
  await card(fx.small.id).getByRole('button', { name: /^Move / }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByRole('heading', { name: /^Move back to/ }).waitFor();
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal(await column('comfort').locator(`.card[data-id="${fx.small.id}"]`).count(), 1, 'cancelled: not moved');
  await card(fx.small.id).getByRole('button', { name: /^Move / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Move back' }).click();
  await column('engage').locator(`.card[data-id="${fx.small.id}"]`).waitFor();
  await clean('move back');
});

test('the board: the follow-up column holds won deals still followed up', async () => {
  await page.goto('/pipeline');
  const fu = column('follow_up');
  await fu.locator(`.card[data-id="${fx.pending.id}"]`).waitFor();
  assert.match(await fu.locator(`.card[data-id="${fx.pending.id}"]`).textContent(), /Won.*Check due/);
  // the won deal's check is done, an ask still waits (the other was declined)
  assert.match(await fu.locator(`.card[data-id="${fx.won.id}"]`).textContent(), /1 ask waiting/);
  await clean('follow-up column');
});

test('the board: filters and search ask the server', async () => {
  await page.goto('/pipeline');
  await card(fx.big.id).waitFor();
  await page.getByLabel('Search deals').fill('big ONE');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/q=big/);
  await settled();
  assert.deepEqual(await column('engage').locator('.card-title').allTextContents(), ['Kb Big one']);
  await shot('board-search');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((u) => !u.search.includes('q='));
  await settled();
  await page.getByLabel('Overdue next step').check();
  await page.waitForURL(/overdue=true/);
  await settled();
  assert.deepEqual(await column('engage').locator('.card-title').allTextContents(), ['Kb Late promise']);
  await page.getByLabel('Overdue next step').uncheck();
  await page.waitForURL((u) => !u.search.includes('overdue'));
  await settled();
  await page.getByLabel('Value from').fill('50000');
  await page.getByLabel('Value from').press('Enter');
  await page.waitForURL(/value_min=50000/);
  await settled();
  assert.deepEqual(await column('engage').locator('.card-title').allTextContents(), ['Kb Big one']);
  assert.equal(await column('engage').locator('.badge').first().textContent(), '1');
  await page.goto(`/pipeline?close_month=${day(40).slice(0, 7)}`);
  await settled();
  assert.deepEqual(await column('engage').locator('.card-title').allTextContents(), ['Kb Small move']);
  await expecting([{ method: 'GET', re: /\/api\/v1\/board$/, status: [400] }], async () => {
    await page.goto('/pipeline?value_min=lots');
    await page.getByText(/'value_min' must be an amount/).first().waitFor();
    // every column asks and is refused: wait for all of them, not the first
    await settled();
  });
  await clean('filters');
});

test('an admin resets a password; the user must choose their own at sign-in', async () => {
  await page.goto('/settings/users');
  await page.getByRole('button', { name: 'Edit Rex Rep' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Reset the password (leave empty to keep it)').fill('reset-pass-2');
  await dlg.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('row', { name: /Rex Rep.*to change at sign-in/ }).waitFor();
  await clean('reset');

  await signIn('rex@demo.test', 'reset-pass-2', 'Choose your own password');
  await shot('password-forced');
  await page.goto('/pipeline');
  await page.getByRole('heading', { name: 'Choose your own password', level: 1 }).waitFor();
  await page.getByLabel('Current password').fill('reset-pass-2');
  await page.getByLabel('New password (8 characters or more)').fill('rex-own-pass-3');
  await page.getByLabel('New password again').fill('rex-own-pass-3');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Sign in to Fulcrum' }).waitFor();
  await signIn('rex@demo.test', 'rex-own-pass-3');
  assert.match(await page.locator('#who-name').textContent(), /Rex Rep/);
  await clean('forced change');
});
