// Settings › Webhooks in the web UI (docs/webhooks.md): an admin subscribes
// a receiver started by this test to two events and is shown the signing
// secret once; an account created afterwards reaches the receiver signed
// with that secret; the page's test ping reaches it too; the delivery log
// lists both with the receiver's answer, and its Redeliver posts the same
// event again; Remove takes the subscription away.
// Run alone: FULCRUM_BIN=$PWD/build/fulcrum node --test tests/e2e/browser/webhooks.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  useBrowser, page, apiSession, shot, clean, settled, initAdmin, signIn, admin,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const { signatureValid, startReceiver } = require('../lib/webhook-receiver.js');

let receiver;
let call;
let secret;

useBrowser('fulcrum-webhooks', {
  prepare: initAdmin,
  fixtures: async () => {
    receiver = await startReceiver();
    call = await apiSession(admin.email, admin.password);
  },
});
after(() => receiver && receiver.close());

test('sign in', async () => {
  await signIn();
  await clean('sign in');
});

test('an admin adds a webhook in Settings and sees its secret once', async () => {
  await page.goto('/settings/webhooks');
  await settled();
  await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
  assert.match(await page.getByText('No webhooks yet.').textContent(), /No webhooks/);
  const form = page.getByRole('form', { name: 'Add a webhook' });
  await form.getByLabel(/^URL/).fill(receiver.url);
  await form.getByLabel('account.created').check();
  await form.getByLabel('deal.won').check();
  await form.getByRole('button', { name: 'Add webhook' }).click();
  const shown = page.locator('.webhook-secret');
  await shown.waitFor();
  secret = (await shown.textContent()).trim();
  assert.match(secret, /^whsec_[0-9a-f]{64}$/);
  const row = page.locator('tr[data-webhook]');
  await row.waitFor();
  assert.match(await row.textContent(), /account\.created, deal\.won.*active.*0.*none yet/);
  await shot('webhooks-settings');
  await clean('add');
});

test('an event and a test ping reach the receiver, signed', async () => {
  await call('POST', '/accounts', { name: 'Hooked Ltd' });
  await receiver.until((posts) => posts.some((p) => p.json.event === 'account.created'), 20000, 'account.created');
  await page.getByRole('button', { name: `Send a test ping to ${receiver.url}` }).click();
  await receiver.until((posts) => posts.some((p) => p.json.event === 'ping'), 20000, 'the ping');
  for (const p of receiver.posts) {
    assert.ok(signatureValid(p.headers['fulcrum-signature'], p.body, secret), `signature of ${p.json.event}`);
  }
  assert.equal(receiver.posts.find((p) => p.json.event === 'account.created').json.record.name, 'Hooked Ltd');
  await clean('ping');
});

test('the delivery log shows the answers and redelivers one', async () => {
  await page.getByRole('button', { name: `Delivery log of ${receiver.url}` }).click();
  const log = page.getByRole('region', { name: `Delivery log of ${receiver.url}` });
  await log.locator('tr[data-delivery]').first().waitFor();
  // the ping may still be on its way: refresh until both are delivered
  const end = Date.now() + 20000;
  while ((await log.locator('tr[data-delivery]', { hasText: 'delivered' }).count()) < 2) {
    assert.ok(Date.now() < end, await log.textContent());
    await log.getByRole('button', { name: 'Refresh' }).click();
    await settled();
    await page.waitForTimeout(100);
  }
  const created = log.locator('tr[data-delivery]', { hasText: 'account.created' });
  assert.match(await created.textContent(), /account\.created.*account \d+.*delivered.*1.*200/);
  await shot('webhooks-log');
  const n = receiver.posts.length;
  await created.getByRole('button', { name: /^Redeliver account\.created/ }).click();
  await receiver.until((posts) => posts.length > n, 20000, 'the redelivery');
  const first = receiver.posts.find((p) => p.json.event === 'account.created');
  assert.equal(receiver.posts[n].json.id, first.json.id);
  assert.equal(receiver.posts[n].body, first.body);
  await clean('log');
});

test('Remove takes the webhook away', async () => {
  await page.getByRole('button', { name: `Remove the webhook ${receiver.url}` }).click();
  await page.getByText('No webhooks yet.').waitFor();
  assert.deepEqual((await call('GET', '/webhooks')).items, []);
  await clean('remove');
});
