// fulcrum webhook: an admin subscribes a URL (the secret printed once),
// sees the subscriptions and their delivery log, queues a test ping and a
// redelivery, removes one; bad URLs and events are refused with nothing
// stored, and a rep may not. A receiver that never acknowledges makes the
// subscription `failing` once a delivery is given up (a short retry base
// here), which `webhook list` and `webhook show` say. Runs on SQLite and, in
// the PostgreSQL pass, on PostgreSQL. Rerun alone:
// node --test tests/e2e/cli/webhook.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { startReceiver } = require('../lib/webhook-receiver.js');

function fresh(t) {
  const { dir, db } = freshDb('fulcrum-webhook');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  ok(db, ['init', '--admin-email', 'admin@example.com', '--admin-name', 'Ada Admin']);
  return db;
}

test('webhook add, list, show, deliveries, test, redeliver, remove', (t) => {
  const db = fresh(t);
  const added = ok(db, ['webhook', 'add', 'https://hooks.example/in', '--event', 'contact.created,contact.merged', '--event', 'deal.won']);
  assert.match(added.stdout, /^added webhook 1\nsigning secret \(shown only now\): whsec_[0-9a-f]{64}\n$/);
  const j = ok(db, ['webhook', 'add', 'http://127.0.0.1:9/all', '--event', '*'], { json: true }).json();
  assert.equal(j.id, 2);
  assert.match(j.secret, /^whsec_[0-9a-f]{64}$/);
  assert.deepEqual(j.events, ['*']);

  ok(db, ['contact', 'add', 'Ann Lee']);
  ok(db, ['contact', 'add', 'Bob Ray']);
  ok(db, ['merge', 'contact', '1', '2']);
  const list = ok(db, ['webhook', 'list']).stdout;
  assert.match(list, /^1 {2}active {3}https:\/\/hooks\.example\/in {2}pending 3 {2}contact\.created contact\.merged deal\.won$/m);
  assert.match(list, /^2 {2}active {3}http:\/\/127\.0\.0\.1:9\/all/m);
  const shown = ok(db, ['webhook', 'show', '1'], { json: true }).json();
  assert.equal(shown.secret, undefined, 'the secret is shown once');
  assert.equal(shown.pending, 3);

  const log = ok(db, ['webhook', 'deliveries', '1'], { json: true }).json().items;
  assert.deepEqual(log.map((d) => d.event), ['contact.merged', 'contact.created', 'contact.created']);
  assert.ok(log.every((d) => d.status === 'pending' && d.attempts === 0));
  const human = ok(db, ['webhook', 'deliveries', '1', '--limit', '1']).stdout;
  assert.match(human, /^\d+ {2}pending {4}contact\.merged {6}contact 1 {2}attempts 0 {2}\S+\n$/);

  const ping = ok(db, ['webhook', 'test', '1']).stdout;
  const pingId = Number(/^queued ping (\d+) for webhook 1/.exec(ping)[1]);
  const first = log[log.length - 1];
  const again = ok(db, ['webhook', 'redeliver', '1', String(first.id)], { json: true }).json();
  assert.ok(again.delivery_id > pingId);
  const after = ok(db, ['webhook', 'deliveries', '1'], { json: true }).json().items;
  assert.equal(after[0].id, again.delivery_id);
  assert.equal(after[0].event_id, first.event_id);
  assert.equal(after[1].id, pingId);
  assert.equal(after[1].event, 'ping');
  assert.equal(after[1].event_id, null);

  assert.match(ok(db, ['webhook', 'remove', '2']).stdout, /removed webhook 2/);
  assert.equal(ok(db, ['webhook', 'list'], { json: true }).json().items.length, 1);
  const gone = fulcrum(db, ['webhook', 'show', '2']);
  assert.equal(gone.code, 3);
});

test('bad subscriptions are refused and a rep may not subscribe', (t) => {
  const db = fresh(t);
  for (const [args, msg] of [
    [['ftp://hooks.example/in', '--event', '*'], /'url' must be an http:\/\/ or https:\/\/ address/],
    [['https://hooks.example/in', '--event', 'deal.sold'], /'deal\.sold' is no event/],
    [['https://hooks.example/in'], /'events' must list event names/],
    [['https://hooks example/in', '--event', '*'], /'url' holds a space/],
  ]) {
    const r = fulcrum(db, ['webhook', 'add', ...args]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, msg);
  }
  assert.equal(ok(db, ['webhook', 'list']).stdout, 'no webhooks\n');
  ok(db, ['user', 'add', '--email', 'rep@example.com', '--name', 'Rep', '--role', 'rep']);
  const r = fulcrum(db, ['webhook', 'list'], { as: 'rep@example.com' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /webhooks are for admins/);
});

test('a delivery given up after its retries marks the subscription failing', async (t) => {
  const db = fresh(t);
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  receiver.answer = () => 503;
  ok(db, ['webhook', 'add', receiver.url, '--event', 'account.created']);
  ok(db, ['account', 'add', 'Acme']);
  const { startServer, stopServer } = require('../api/helper.js');
  const saved = process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS;
  process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS = '5';
  let server;
  try {
    server = await startServer(db);
  } finally {
    if (saved === undefined) delete process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS;
    else process.env.FULCRUM_WEBHOOK_RETRY_BASE_MS = saved;
  }
  t.after(() => stopServer(server));
  // 14 attempts, then given up (base 5 ms: about 7 to 11 seconds)
  await receiver.until((posts) => posts.length >= 14, 40000, '14 attempts');
  const end = Date.now() + 10000;
  let hook;
  for (;;) {
    hook = ok(db, ['webhook', 'show', '1'], { json: true }).json();
    if (hook.state === 'failing' || Date.now() > end) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(hook.state, 'failing');
  assert.ok(hook.failing_since);
  assert.equal(receiver.posts.length, 14, 'no attempt after the last');
  const log = ok(db, ['webhook', 'deliveries', '1'], { json: true }).json().items;
  assert.equal(log[0].status, 'failed');
  assert.equal(log[0].attempts, 14);
  assert.equal(log[0].code, 503);
  assert.match(ok(db, ['webhook', 'list']).stdout, /^1 {2}failing /m);
  assert.match(ok(db, ['webhook', 'show', '1']).stdout, /failing since \S+: a delivery was given up after a day of retries/);
  // the next acknowledged delivery makes it active again
  receiver.answer = () => 200;
  ok(db, ['account', 'add', 'Globex']);
  const back = Date.now() + 20000;
  for (;;) {
    hook = ok(db, ['webhook', 'show', '1'], { json: true }).json();
    if (hook.state === 'active' || Date.now() > back) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(hook.state, 'active');
  assert.equal(hook.failing_since, null);
});

test('a JSON backup keeps the subscriptions, secrets included, and restores them', (t) => {
  const db = fresh(t);
  const made = ok(db, ['webhook', 'add', 'https://hooks.example/in', '--event', 'deal.won'], { json: true }).json();
  const file = require('node:path').join(require('node:os').tmpdir(), `fulcrum-webhook-${process.pid}.json`);
  t.after(() => fs.rmSync(file, { force: true }));
  fs.writeFileSync(file, ok(db, ['export', 'json']).stdout);
  const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { dir, db: other } = freshDb('fulcrum-webhook-restore');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  ok(other, ['import', 'json', file]);
  const restored = ok(other, ['webhook', 'list'], { json: true }).json().items;
  assert.equal(restored.length, 1);
  assert.equal(restored[0].url, 'https://hooks.example/in');
  assert.deepEqual(restored[0].events, ['deal.won']);
  assert.ok(JSON.stringify(backup).includes(made.secret), 'the secret is in the backup');
});
