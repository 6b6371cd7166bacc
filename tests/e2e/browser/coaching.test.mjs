// The coaching page in a real Chromium against a real server, on the demo:
// a manager picks a rep before a one-to-one and reads where their deals
// stop beside the team, the weakest step highlighted with its guidance, and
// the habits behind it; a rep sees only their own page.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/coaching.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, run, apiSession, shot, settled, clean, signIn } from './harness.mjs';

const MANAGER = { email: 'manager@demo.test', password: 'demo1234' };
const REP3 = { email: 'rep3@demo.test', password: 'demo1234' };
const fx = {};

function prepareDatabase() {
  const r = run(['--quiet', 'demo', '--seed', '7', '--deals', '120']);
  assert.equal(r.code, 0, `demo: ${r.err}`);
}

async function makeFixtures() {
  const call = await apiSession(MANAGER.email, MANAGER.password);
  const users = await call('GET', '/users?limit=200');
  fx.rep3 = (users.items || users).find((u) => u.email === REP3.email);
  fx.report = await call('GET', `/reports/coaching?owner=${fx.rep3.id}`);
}

useBrowser('fulcrum-coaching', { prepare: prepareDatabase, fixtures: makeFixtures });

test('a manager picks a rep: the steps beside the team, the weakest one and its guidance', async () => {
  await signIn(MANAGER.email, MANAGER.password);
  await page.goto('/reports/coaching');
  await page.getByRole('heading', { name: 'Coaching', level: 1 }).waitFor();
  await page.getByLabel('Rep').selectOption({ label: fx.rep3.name });
  const w = fx.report.weakest[0];
  assert.ok(w, 'rep3 has a weakest step on the demo');
  const heading = page.getByRole('heading', { name: `Where ${fx.rep3.name} loses most: ${w.name}` });
  await heading.waitFor();
  assert.equal((await page.locator('blockquote.guidance').textContent()).trim(), w.guidance);
  // the weakest step's row stands out, and only that one
  const marked = page.locator('table.coaching-steps tbody tr.weakest');
  assert.equal(await marked.count(), 1);
  assert.match(await marked.locator('th').textContent(), new RegExp(w.name));
  assert.match(await marked.textContent(), /loses most here/);
  // every selling step has a row; the conversion shows with its interval
  const rows = page.locator('table.coaching-steps tbody tr');
  assert.equal(await rows.count(), fx.report.rows.length);
  assert.match(await rows.first().textContent(), /\d+% \(\d+(\.\d)?%–\d+(\.\d)?%\)/);
  const habits = page.locator('table.coaching-habits tbody tr');
  assert.equal(await habits.count(), 5);
  assert.match(await page.locator('table.coaching-habits').textContent(), /Moves forced past the exit criteria/);
  await shot('coaching-manager');
  await clean('manager coaching');
});

test('a rep sees only their own coaching', async () => {
  await signIn(REP3.email, REP3.password);
  await page.goto('/reports/coaching');
  await page.getByRole('heading', { name: 'Coaching', level: 1 }).waitFor();
  const options = page.getByLabel('Rep').locator('option');
  assert.equal(await options.count(), 1);
  assert.equal((await options.first().textContent()).trim(), fx.rep3.name);
  await page.getByRole('heading', { name: new RegExp(`^Where ${fx.rep3.name} loses most`) }).waitFor();
  await clean('rep coaching');
});

test('the reports list leads to the coaching page', async () => {
  await page.goto('/reports/pipeline');
  await page.getByRole('link', { name: 'Coaching' }).click();
  await page.getByRole('heading', { name: 'Coaching', level: 1 }).waitFor();
  await clean('reports tab');
});
