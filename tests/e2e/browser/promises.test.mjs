// Issue 16 in the web UI: a process's grace days in Settings, a missed
// promise in the deal's timeline, a call logged as reactive, and the
// customer's order logged and the deal won on it.
// Rerun alone: FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/promises.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, run, day, apiSession, expecting, settled, clean, admin, initAdmin, signIn } from './harness.mjs';

const fx = {};
let call;

async function makeFixtures() {
  call = await apiSession(admin.email, admin.password);
  const acc = await call('POST', '/accounts', { name: 'Promise Co' });
  const con = await call('POST', '/contacts', { name: 'Pat Promise', account_id: acc.id });
  // agreed ten days ago for two days later: past the two grace days
  const slipped = run(['--as', admin.email, '--json', 'deal', 'add', 'Pr Slipped', '--account', String(acc.id),
    '--contact', String(con.id), '--next', 'Send the figures', '--due', day(-8)], { now: day(-10) });
  assert.equal(slipped.code, 0, `deal add: ${slipped.err}`);
  const swept = run(['--as', admin.email, '--json', 'promises', 'sweep']);
  assert.equal(JSON.parse(swept.out).recorded, 1, swept.err);
  const order = await call('POST', '/deals', { title: 'Pr Order', account_id: acc.id, contact_id: con.id,
    next_step: { what: 'Call', due: day(3) } });
  await call('POST', '/wants', { deal_id: order.id, kind: 'objective', text: 'figures every Monday' });
  await call('POST', `/deals/${order.id}/advance`, { to: 'agree', force: true, reason: 'known buyer' });
  Object.assign(fx, { slipped: JSON.parse(slipped.out), order });
}

useBrowser('fulcrum-promises', { prepare: initAdmin, fixtures: makeFixtures });

async function logCall({ notes, outcome, agreed, due, type, planned }) {
  await page.getByRole('button', { name: 'Log a call' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Notes').fill(notes);
  if (planned) await dlg.getByLabel('Planned or reactive').selectOption(planned);
  await dlg.getByLabel(outcome).check();
  if (agreed) {
    await dlg.getByLabel('Next step: what was agreed').fill(agreed);
    await dlg.getByLabel('Due').fill(due);
    if (type) await dlg.getByLabel('Type').selectOption(type);
  }
  await dlg.getByRole('button', { name: 'Log it' }).click();
  await dlg.waitFor({ state: 'detached' });
  await settled();
}

test('Settings: a process keeps its grace days', async () => {
  await signIn();
  await page.goto('/settings/process');
  const grace = page.getByLabel('Grace days before a promise is missed');
  await grace.waitFor();
  assert.equal(await grace.inputValue(), '2');
  await grace.fill('4');
  await page.getByRole('button', { name: 'Save process' }).click();
  await page.getByText('Process saved').waitFor();
  assert.equal((await call('GET', '/processes/default')).grace_days, 4);
  await clean('settings');
});

test('a missed promise shows in the deal\'s timeline', async () => {
  await page.goto(`/deals/${fx.slipped.id}`);
  await page.getByText('Promise missed').first().waitFor();
  assert.match(await page.locator('li', { hasText: 'Promise missed' }).first().textContent(), /Send the figures/);
  await clean('missed');
});

test('a call said reactive, then the order, and the win on it', async () => {
  await page.goto(`/deals/${fx.order.id}`);
  await page.getByRole('button', { name: 'Log a call' }).waitFor();
  await logCall({ notes: 'They rang about the invoice.', outcome: 'Nothing was agreed', planned: 'no' });
  await page.locator('li', { hasText: 'They rang about the invoice.' }).getByText('reactive').waitFor();
  const interactions = (await call('GET', `/interactions?deal_id=${fx.order.id}`)).items;
  assert.deepEqual(interactions.map((i) => i.planned), [false]);
  // an agreement is not the order: the win names the rule
  await logCall({ notes: 'Pat agrees to sign.', outcome: 'We agreed on a next step', agreed: 'Order form', due: day(1), type: 'order' });
  await expecting([{ method: 'POST', re: /^\/api\/v1\/deals\/\d+\/win$/, status: [422] }], async () => {
    await page.getByRole('button', { name: 'Win' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByRole('button', { name: 'Mark as won' }).click();
    assert.match(await dlg.locator('.form-error').filter({ hasText: /./ }).textContent(), /order/);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
  });
  await logCall({ notes: 'Pat signs the order.', outcome: 'They placed the order (and we agreed the next step)',
    agreed: 'Kick-off', due: day(2), type: 'follow-up' });
  await page.locator('li', { hasText: 'Pat signs the order.' }).getByText('order', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Win' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Delivered on').fill(day(0));
  await dlg.getByRole('button', { name: 'Mark as won' }).click();
  await page.locator('.follow-up').waitFor();
  assert.equal((await call('GET', `/deals/${fx.order.id}`)).status, 'won');
  await clean('won');
});
