// Webhooks end to end: a receiver started here gets every event of a
// scripted day, in order per record, signed with the subscription's
// secret; a `fulcrum serve` killed with -9 mid-delivery and started again
// loses no event and posts again only the one whose acknowledgement it
// never heard; a receiver answering 500 gets retries with growing delays;
// two nodes on one PostgreSQL database deliver each event once. Waits are
// bounded and only for liveness.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');

// retries come fast here (the schedule's base; docs/webhooks.md)
process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS = '200';

const {
  ADMIN, api, contract, makeDb, setup, startServer, stopServer, tokenFor,
} = require('./helper.js');
const { signatureValid, startReceiver } = require('../lib/webhook-receiver.js');

function inDays(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

// The receiver's event posts (pings aside), first arrival of each event id.
function events(posts) {
  const seen = new Map();
  for (const p of posts) {
    if (!p.json || p.json.event === 'ping') continue;
    if (!seen.has(p.json.id)) seen.set(p.json.id, p);
  }
  return [...seen.values()];
}

function assertOrderedPerRecord(posts) {
  const last = new Map();
  for (const p of posts) {
    if (!p.json || p.json.event === 'ping') continue;
    const key = `${p.json.entity}/${p.json.record.id}`;
    const before = last.get(key);
    assert.ok(before === undefined || p.json.id >= before,
      `${key}: event ${p.json.id} came after ${before}`);
    last.set(key, p.json.id);
  }
}

async function subscribe(call, url, evs = ['*']) {
  const r = await call('POST', '/api/v1/webhooks', { url, events: evs });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.secret, /^whsec_[0-9a-f]{64}$/);
  Object.defineProperty(r.json, 'response', { value: r, enumerable: false });
  return r.json;
}

test('a scripted day reaches the receiver: every event, in order per record, signed', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const call = (m, p, b) => ctx.api(m, p, { token, body: b });
  const { check } = await contract(ctx.url);

  const hook = await subscribe(call, receiver.url);
  assert.deepEqual(check('POST', '/api/v1/webhooks', hook.response), []);
  // the secret is shown once
  const shown = await call('GET', `/api/v1/webhooks/${hook.id}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.json.secret, undefined);
  assert.deepEqual(check('GET', `/api/v1/webhooks/${hook.id}`, shown), []);

  const ok = async (m, p, b, status = [200, 201]) => {
    const r = await call(m, p, b);
    assert.ok(status.includes(r.status), `${m} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };
  const acc = await ok('POST', '/api/v1/accounts', { name: 'Acme' });
  const con = await ok('POST', '/api/v1/contacts', { name: 'Bob', account_id: acc.id });
  await ok('PATCH', `/api/v1/contacts/${con.id}`, { title: 'CFO' });
  const friend = await ok('POST', '/api/v1/contacts', { name: 'Carol' });
  const deal = await ok('POST', '/api/v1/deals', {
    title: 'Acme pilot', account_id: acc.id, contact_id: con.id, value: 500,
    next_step: { what: 'call', due: inDays(1) },
  });
  const d = deal.deal || deal;
  await ok('POST', '/api/v1/interactions', { kind: 'call', deal_id: d.id, agreement: false });
  await ok('POST', `/api/v1/deals/${d.id}/advance`, { force: true, reason: 'they asked for a demo' });
  await ok('POST', `/api/v1/deals/${d.id}/next-step/done`);
  await ok('POST', `/api/v1/deals/${d.id}/lose`, { reason: 'budget' });
  await ok('POST', `/api/v1/deals/${d.id}/reopen`);
  await ok('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'save time' });
  await ok('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed on paper', delivered: inDays(0) });
  await ok('POST', '/api/v1/referrals', { from_contact_id: con.id, contact_id: friend.id, source_deal_id: d.id });

  const log = async () => (await call('GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=200`)).json.items;
  const queued = await log();
  const want = new Set(queued.map((q) => q.event_id));
  await receiver.until((posts) => events(posts).length >= want.size, 20000, `${want.size} events`);

  const got = events(receiver.posts);
  assert.deepEqual(new Set(got.map((p) => p.json.id)), want);
  for (const name of ['account.created', 'contact.created', 'contact.updated', 'deal.created',
    'next_step.set', 'interaction.logged', 'deal.advanced', 'next_step.done', 'deal.lost', 'deal.reopened', 'deal.won',
    'referral.recorded']) {
    assert.ok(got.some((p) => p.json.event === name), `no ${name} among ${got.map((p) => p.json.event)}`);
  }
  for (const p of receiver.posts) {
    assert.ok(signatureValid(p.headers['fulcrum-signature'], p.body, hook.secret),
      `bad signature on ${p.body.slice(0, 80)}`);
    assert.equal(p.headers['fulcrum-event-id'], String(p.json.id));
    assert.equal(p.headers['fulcrum-event'], p.json.event);
    assert.equal(p.headers['content-type'], 'application/json');
    assert.equal(p.json.organisation.id, 1);
  }
  assertOrderedPerRecord(receiver.posts);
  // each event once: nothing was refused, nothing posted twice
  assert.equal(receiver.posts.length, want.size);
  const won = got.find((p) => p.json.event === 'deal.won').json;
  assert.equal(won.record.id, d.id);
  assert.equal(won.record.status, 'won');

  // the log says delivered, with the receiver's code; the list shows it
  const logged = await call('GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=200`);
  assert.deepEqual(check('GET', `/api/v1/webhooks/${hook.id}/deliveries`, logged), []);
  const after = logged.json.items;
  assert.ok(after.every((q) => q.status === 'delivered' && q.code === 200 && q.attempts === 1), JSON.stringify(after[0]));
  const list = await call('GET', '/api/v1/webhooks');
  assert.deepEqual(check('GET', '/api/v1/webhooks', list), []);
  assert.equal(list.json.items[0].state, 'active');
  assert.equal(list.json.items[0].pending, 0);
  assert.equal(list.json.items[0].last_delivery.code, 200);

  // a redelivery posts the same event (same id, same body) once more
  const first = after[after.length - 1];
  const again = await call('POST', `/api/v1/webhooks/${hook.id}/deliveries/${first.id}/redeliver`);
  assert.equal(again.status, 202, again.text);
  assert.deepEqual(check('POST', `/api/v1/webhooks/${hook.id}/deliveries/${first.id}/redeliver`, again), []);
  const n = receiver.posts.length;
  await receiver.until((posts) => posts.length > n, 10000, 'the redelivery');
  const re = receiver.posts[n];
  assert.equal(re.json.id, first.event_id);
  assert.equal(re.body, receiver.posts.find((p) => p.json.id === first.event_id).body);

  // a test ping
  const ping = await call('POST', `/api/v1/webhooks/${hook.id}/ping`);
  assert.equal(ping.status, 202);
  await receiver.until((posts) => posts.some((p) => p.json && p.json.event === 'ping'), 10000, 'the ping');
  const pinged = receiver.posts.find((p) => p.json.event === 'ping');
  assert.ok(signatureValid(pinged.headers['fulcrum-signature'], pinged.body, hook.secret));
  assert.equal(pinged.headers['fulcrum-event-id'], `ping-${ping.json.delivery_id}`);
});

test('webhooks are for admins, and bad subscriptions are refused with nothing stored', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const call = (m, p, b) => ctx.api(m, p, { token, body: b });
  for (const [body, field] of [
    [{ url: 'ftp://example.com/x', events: ['*'] }, 'url'],
    [{ url: `https://example.com/${'x'.repeat(2100)}`, events: ['*'] }, 'url'],
    [{ url: 'https://example.com/x', events: ['deal.sold'] }, 'events'],
    [{ url: 'https://example.com/x', events: [] }, 'events'],
    [{ url: 'https://example.com/x' }, 'events'],
  ]) {
    const r = await call('POST', '/api/v1/webhooks', body);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.status} ${r.text}`);
    assert.equal(r.json.field, field);
  }
  assert.deepEqual((await call('GET', '/api/v1/webhooks')).json.items, []);
  ctx.cli(['user', 'add', '--email', 'rep@example.com', '--name', 'Rep', '--role', 'rep']);
  ctx.cli(['user', 'passwd', 'rep@example.com'], 'rep password 123\n');
  const repToken = await tokenFor(ctx, 'rep@example.com', 'rep password 123');
  const r = await ctx.api('GET', '/api/v1/webhooks', { token: repToken });
  assert.equal(r.status, 403);
  // the OpenAPI document describes every event's payload
  const doc = (await ctx.api('GET', '/api/v1/openapi.json')).json;
  for (const name of ['deal.created', 'deal.advanced', 'deal.won', 'deal.lost', 'deal.reopened',
    'interaction.logged', 'next_step.set', 'next_step.done', 'next_step.missed', 'check.recorded',
    'referral.recorded', 'contact.created', 'contact.updated', 'contact.merged',
    'account.created', 'account.updated', 'account.merged']) {
    assert.ok(doc.webhooks[name], `no ${name} in the document's webhooks`);
  }
});

test('a receiver answering 500 gets retries with growing delays, then the event', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  // a longer base here: each delay is at least 200 ms longer than the one
  // before whatever the jitter, well above a loaded machine's latency
  process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS = '400';
  let ctx;
  try {
    ctx = await setup();
  } finally {
    process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS = '200';
  }
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const call = (m, p, b) => ctx.api(m, p, { token, body: b });
  const hook = await subscribe(call, receiver.url, ['account.created']);
  receiver.answer = () => 500;
  await call('POST', '/api/v1/accounts', { name: 'Acme' });
  await receiver.until((posts) => posts.length >= 4, 20000, 'four attempts');
  receiver.answer = () => 200;
  const at = receiver.posts.slice(0, 4).map((p) => p.at);
  const gaps = [at[1] - at[0], at[2] - at[1], at[3] - at[2]];
  // base 400 ms: 400-600, 800-1200, 1600-2400 ms, whatever the jitter
  assert.ok(gaps[0] < gaps[1] && gaps[1] < gaps[2], `gaps ${gaps}`);
  assert.ok(gaps[0] >= 390, `gaps ${gaps}`);
  const ids = new Set(receiver.posts.map((p) => p.json.id));
  assert.equal(ids.size, 1);
  let log = (await call('GET', `/api/v1/webhooks/${hook.id}/deliveries`)).json.items;
  assert.ok(log[0].attempts >= 4);
  await receiver.until((posts) => posts.length >= 5, 20000, 'the retry that succeeds');
  const end = Date.now() + 10000;
  while ((log = (await call('GET', `/api/v1/webhooks/${hook.id}/deliveries`)).json.items)[0].status !== 'delivered') {
    assert.ok(Date.now() < end, JSON.stringify(log[0]));
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(log[0].code, 200);
});

test('kill -9 mid-delivery and a restart lose no event and repost only the unacknowledged one', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const { dir, db } = makeDb();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let server = await startServer(db);
  t.after(() => stopServer(server));
  const port = new URL(server.url).port;
  const token = await tokenFor({ api: (m, p, o) => api(server.url, m, p, o), login: (e, pw) => require('./helper.js').login(server.url, e, pw) }, ADMIN.email, ADMIN.password);
  const call = (m, p, b) => api(server.url, m, p, { token, body: b });
  const hook = await subscribe(call, receiver.url, ['contact.created', 'contact.updated']);
  // the receiver holds its sixth post unanswered: serve is killed waiting
  receiver.answer = () => (receiver.posts.length === 6 ? 'hold' : 200);
  for (let i = 0; i < 12; i++) {
    const c = await call('POST', '/api/v1/contacts', { name: `Person ${i}` });
    assert.equal(c.status, 201);
    if (i % 3 === 0) await call('PATCH', `/api/v1/contacts/${c.json.id}`, { title: 'Buyer' });
  }
  const want = (await call('GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=200`)).json.items.map((q) => q.event_id);
  await receiver.until((posts) => posts.length >= 6, 20000, 'six posts');
  server.proc.kill('SIGKILL');
  await server.exit;
  const held = receiver.posts[5].json.id;
  const acknowledged = new Set(receiver.posts.slice(0, 5).map((p) => p.json.id));
  receiver.answer = () => 200;
  server = await startServer(db, ['--listen', `127.0.0.1:${port}`]);
  await receiver.until((posts) => events(posts).length >= want.length, 20000, `${want.length} events`);
  await new Promise((res) => setTimeout(res, 300));
  const counts = new Map();
  for (const p of receiver.posts) counts.set(p.json.id, (counts.get(p.json.id) || 0) + 1);
  assert.deepEqual(new Set(counts.keys()), new Set(want));
  for (const [id, n] of counts) {
    if (id === held) assert.equal(n, 2, 'the unacknowledged post comes again');
    else assert.equal(n, 1, `event ${id} posted ${n} times`);
  }
  for (const id of acknowledged) assert.equal(counts.get(id), 1);
  assertOrderedPerRecord(receiver.posts);
});

test('two nodes on one PostgreSQL database deliver each event once', async (t) => {
  if (!process.env.FULCRUM_TEST_PG_DIR) {
    t.skip('needs PostgreSQL (FULCRUM_TEST_PG_DIR): SQLite serves one node');
    return;
  }
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const { dir, db } = makeDb();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const a = await startServer(db);
  t.after(() => stopServer(a));
  const b = await startServer(db);
  t.after(() => stopServer(b));
  const helper = require('./helper.js');
  const token = await tokenFor({ api: (m, p, o) => api(a.url, m, p, o), login: (e, pw) => helper.login(a.url, e, pw) }, ADMIN.email, ADMIN.password);
  const hook = await subscribe((m, p, body) => api(a.url, m, p, { token, body }), receiver.url, ['contact.created']);
  // writes through both nodes
  for (let i = 0; i < 20; i++) {
    const node = i % 2 ? b : a;
    const r = await api(node.url, 'POST', '/api/v1/contacts', { token, body: { name: `Node person ${i}` } });
    assert.equal(r.status, 201);
  }
  await receiver.until((posts) => events(posts).length >= 20, 30000, '20 events');
  await new Promise((res) => setTimeout(res, 500));
  const ids = receiver.posts.map((p) => p.json.id);
  assert.equal(ids.length, 20, `posted ${ids.length} times for 20 events`);
  assert.equal(new Set(ids).size, 20);
  const log = (await api(b.url, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`, { token })).json.items;
  assert.ok(log.every((q) => q.status === 'delivered' && q.attempts === 1));
});
