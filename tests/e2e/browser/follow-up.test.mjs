// Step 6 in the web UI, in a real Chromium against a real server: a low
// satisfaction score is a recovery item on Today, which a logged call
// clears; the deal page links the referral a deal came from and then names
// the referrer; a customer's periodic check shows in the deal's follow-up.
//
//   FULCRUM_BIN=build/fulcrum node --test tests/e2e/browser/follow-up.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, page, apiSession, shot, settled, clean, admin, initAdmin, signIn } from './harness.mjs';

const fx = {};

async function makeFixtures() {
  const call = await apiSession(admin.email, admin.password);
  const globex = await call('POST', '/accounts', { name: 'Globex' });
  const hank = await call('POST', '/contacts', { name: 'Hank Referrer', account_id: globex.id });
  const source = await call('POST', '/deals', { title: 'Fu Unhappy', account_id: globex.id, contact_id: hank.id,
    value: 4000, next_step: { what: 'Sign', due: '2030-01-01' } });
  // a forced win too needs the customer's wants (R3)
  await call('POST', '/wants', { deal_id: source.id, kind: 'objective', text: 'parts that arrive whole', importance: 4 });
  await call('POST', `/deals/${source.id}/win`, { force: true, reason: 'signed', delivered: '2020-01-06' });
  await call('POST', '/checks', { deal_id: source.id, score: 1, notes: 'arrived broken' });
  const initech = await call('POST', '/accounts', { name: 'Initech' });
  const ivy = await call('POST', '/contacts', { name: 'Ivy Referred', account_id: initech.id });
  const referral = await call('POST', '/referrals', { from_contact_id: hank.id, contact_id: ivy.id, source_deal_id: source.id });
  const referred = await call('POST', '/deals', { title: 'Fu Referred', account_id: initech.id, contact_id: ivy.id,
    value: 900, next_step: { what: 'Intro', due: '2030-01-01' } });
  Object.assign(fx, { source, referral, referred });
}

useBrowser('fulcrum-follow-up', { prepare: initAdmin, fixtures: makeFixtures });

test('Today: a low score is a recovery item until a call is logged', async () => {
  await signIn();
  const item = page.locator('.agenda-item[data-kind="recovery"]', { hasText: 'Fu Unhappy' });
  await item.waitFor();
  assert.match(await item.textContent(), /Recover the customer/);
  assert.match(await item.locator('.agenda-reason').textContent(), /customer 'Globex' scored 1 of 5/);
  assert.match(await item.locator('.agenda-guidance').textContent(), /Call the customer/);
  await shot('follow-up-recovery');
  await item.getByRole('button', { name: 'Log a call' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel('Notes').fill('listened; agreed how to fix it');
  await dialog.getByLabel('Nothing was agreed').check();
  await dialog.getByRole('button', { name: 'Log it' }).click();
  await page.locator('.agenda-item[data-kind="recovery"]').waitFor({ state: 'detached' });
  await clean('recovery');
});

test('the deal page links the referral a deal came from', async () => {
  await page.goto(`/deals/${fx.referred.id}`);
  await settled();
  const panel = page.getByRole('region', { name: 'Referral' });
  await panel.waitFor();
  await panel.getByLabel('Came from a referral').selectOption(String(fx.referral.id));
  await panel.getByRole('button', { name: 'Link the referral' }).click();
  await page.locator('.referral-from', { hasText: 'Came from a referral by Hank Referrer' }).waitFor();
  // the deal's timeline names the referrer too
  await page.locator('li.history[data-action="deal:referral"]', { hasText: 'by Hank Referrer' }).waitFor();
  await shot('follow-up-referral');
  await clean('referral linked');
});

test("a customer's periodic check shows in the deal's follow-up", async () => {
  await page.goto(`/deals/${fx.source.id}`);
  await settled();
  const followUp = page.getByRole('region', { name: 'Follow-up' });
  await followUp.waitFor();
  assert.match(await followUp.textContent(), /Periodic check due/);
  assert.match(await followUp.textContent(), /Score 1 of 5/);
  // not due yet: no button to record it
  assert.equal(await followUp.getByRole('button', { name: 'Record the satisfaction check' }).count(), 0);
  await clean('periodic check');
});
