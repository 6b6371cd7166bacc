// Step 1's right people and disqualifying a deal in a real Chromium against
// a real server (SQLite or PostgreSQL as tests/e2e/lib/db.js decides): Today
// says whom a deal's step still needs; it puts forward a deal
// whose wants found no fit in 14 days and disqualifies it for no_fit with a
// note; the deal page shows why (and its timeline the event) and reopens it; the deal page's own
// Disqualify button takes a reason from the list.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/right-people.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, run, day, apiSession, shot, settled, clean, admin, initAdmin, signIn } from './harness.mjs';

const fx = {};

function cli(args, now) {
  const r = run(['--as', admin.email, '--json', ...args], { now });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  return JSON.parse(r.out);
}

async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  const acc = await call('POST', '/accounts', { name: 'Hooli' });
  const gavin = await call('POST', '/contacts', { name: 'Gavin Buyer', account_id: acc.id });
  // wants recorded three weeks ago, and still no fit
  const then = day(-21);
  const mainframe = cli(['deal', 'add', 'Dq Mainframe port', '--account', String(acc.id), '--contact', String(gavin.id),
    '--value', '4000', '--next', 'Call back', '--due', day(3)], then);
  cli(['want', 'add', '--deal', String(mainframe.id), '--kind', 'objective', '--importance', '4', 'Run it on the mainframe'], then);
  const early = await call('POST', '/deals', { title: 'Dq Too early', account_id: acc.id, contact_id: gavin.id, value: 900,
    next_step: { what: 'Intro', due: day(2) } });
  // a process whose engage step needs the problem owner, and a deal on it
  const proc = await call('GET', '/processes/default');
  delete proc.id;
  proc.key = 'right';
  proc.name = 'Right people first';
  proc.steps[0].criteria.stakeholder_role = 'problem_owner';
  await call('POST', '/processes', proc);
  const owned = await call('POST', '/deals', { title: 'Dq Who owns it', account_id: acc.id, contact_id: gavin.id,
    process: 'right', next_step: { what: 'Intro', due: day(5) } });
  Object.assign(fx, { acc, mainframe, early, owned, gavin });
}

useBrowser('fulcrum-right-people', { prepare: initAdmin, fixtures: makeFixtures });

test('Today: a deal whose wants found no fit is disqualified for no_fit', async () => {
  await signIn();
  const candidate = page.locator('.agenda-item[data-kind="no_fit"]', { hasText: 'Dq Mainframe port' });
  await candidate.waitFor();
  assert.match(await candidate.innerText(), /no fit for the one of its 1 want in 21 days \(the limit is 14\)/);
  await candidate.getByRole('button', { name: 'Disqualify…' }).click();
  const dlg = page.getByRole('dialog');
  assert.equal(await dlg.getByLabel('Reason').inputValue(), 'no_fit');
  await dlg.getByLabel('Note (optional)').fill('nothing of ours runs there');
  await shot('today-disqualify-deal');
  await dlg.getByRole('button', { name: 'Disqualify the deal' }).click();
  await candidate.waitFor({ state: 'detached' });
  const d = await (await apiSession(admin.email, admin.password))('GET', `/deals/${fx.mainframe.id}`);
  assert.equal(d.status, 'disqualified');
  assert.equal(d.disqualified_reason, 'no_fit');
  assert.equal(d.disqualified_note, 'nothing of ours runs there');
  await clean('disqualify from Today');
});

test('Today: a deal without the problem owner its step needs says whom to find', async () => {
  await page.goto('/');
  const missing = page.locator('.agenda-item[data-kind="missing_person"]', { hasText: 'Dq Who owns it' });
  await missing.waitFor();
  assert.match(await missing.innerText(), /Find the right person/);
  assert.match(await missing.innerText(), /no problem_owner among the stakeholders of 'engage': find a problem owner \(the person with the need\)/);
  assert.equal(await missing.getByRole('button', { name: 'Log a call' }).count(), 1);
  await shot('today-missing-person');
  await (await apiSession(admin.email, admin.password))('PUT', `/deals/${fx.owned.id}/stakeholders/${fx.gavin.id}`, { role: 'problem_owner' });
  await page.reload();
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await settled();
  assert.equal(await missing.count(), 0);
  await clean('missing person');
});

test('the deal page shows why a deal was disqualified, and reopens it', async () => {
  await page.goto(`/deals/${fx.mainframe.id}`);
  const why = page.locator('.disqualified-reason');
  await why.waitFor();
  assert.match(await why.innerText(), /No fit: nothing of ours runs there/);
  const event = page.locator('.timeline li[data-action="deal:disqualified"]');
  assert.match(await event.innerText(), /Disqualified[\s\S]*No fit: nothing of ours runs there/);
  await page.getByRole('button', { name: 'Reopen' }).click();
  await page.getByRole('button', { name: 'Disqualify' }).waitFor();
  const d = await (await apiSession(admin.email, admin.password))('GET', `/deals/${fx.mainframe.id}`);
  assert.equal(d.status, 'open');
  await clean('reopen');
});

test("the deal page's Disqualify takes a reason from the list", async () => {
  await page.goto(`/deals/${fx.early.id}`);
  await page.getByRole('button', { name: 'Disqualify' }).click();
  const dlg = page.getByRole('dialog');
  const reasons = await dlg.getByLabel('Reason').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(reasons, ['wrong_person', 'no_need', 'wrong_timing', 'no_fit']);
  await dlg.getByLabel('Reason').selectOption('wrong_timing');
  await shot('deal-disqualify');
  await dlg.getByRole('button', { name: 'Disqualify the deal' }).click();
  await page.locator('.disqualified-reason').waitFor();
  assert.match(await page.locator('.disqualified-reason').innerText(), /Wrong timing/);
  const d = await (await apiSession(admin.email, admin.password))('GET', `/deals/${fx.early.id}`);
  assert.equal(d.status, 'disqualified');
  assert.equal(d.disqualified_reason, 'wrong_timing');
  await clean('disqualify on the deal page');
});
