// Issue 16 over HTTP: a win needs the customer's order (an interaction with
// "agreement_type": "order"); a process's grace_days; promises missed past
// it, recorded once and counted by the discipline report; planned or
// reactive interactions; and the JSON backup carrying all of it.
// Rerun alone: node --test tests/e2e/api/promises.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { freshDb } = require('../lib/db.js');
const { ADMIN, BIN, makeDb, setup, startServer, stopServer, tokenFor, api, login } = require('./helper.js');

const NOW = '2026-03-20T12:00:00Z';

// The CLI on DB with its clock at AT.
function cliAt(db, at, args) {
  const r = spawnSync(BIN, ['--db', db, '--json', ...args], {
    encoding: 'utf8', env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: at },
  });
  if (r.status !== 0) throw new Error(`fulcrum ${args.join(' ')}: ${r.stderr}`);
  return r.stdout ? JSON.parse(r.stdout) : null;
}

test('promises and the order over HTTP', async (t) => {
  const saved = process.env.FULCRUM_NOW;
  process.env.FULCRUM_NOW = NOW;	// the server's clock
  let ctx;
  try {
    ctx = await setup();
  } finally {
    if (saved === undefined) delete process.env.FULCRUM_NOW;
    else process.env.FULCRUM_NOW = saved;
  }
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const call = (method, p, body) => ctx.api(method, p, { token, body });
  const ok = async (method, p, body, status = [200, 201]) => {
    const r = await call(method, p, body);
    assert.ok([].concat(status).includes(r.status), `${method} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };
  const account = await ok('POST', '/api/v1/accounts', { name: 'Acme' });
  const contact = await ok('POST', '/api/v1/contacts', { name: 'Bob', account_id: account.id });
  const deal = (title, due = '2026-03-25') => ok('POST', '/api/v1/deals', {
    title, account_id: account.id, contact_id: contact.id, next_step: { what: 'call', due },
  });

  await t.test('a process keeps its grace days', async () => {
    const proc = await ok('GET', '/api/v1/processes/default');
    assert.equal(proc.grace_days, 2, 'two days by default');
    const { id, ...body } = proc;
    let r = await call('PUT', '/api/v1/processes/default', { ...body, grace_days: 91 });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'grace_days');
    r = await call('PUT', '/api/v1/processes/default', { ...body, grace_days: 3 });
    assert.equal(r.status, 200, r.text);
    assert.equal((await ok('GET', '/api/v1/processes/default')).grace_days, 3);
  });

  await t.test('a win needs the order; an order is an agreement', async () => {
    const d = await deal('Order over HTTP');
    await ok('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'books closed in two days' });
    await ok('POST', `/api/v1/deals/${d.id}/advance`, { to: 'agree', force: true, reason: 'known buyer' });
    await ok('POST', '/api/v1/interactions', { kind: 'call', deal_id: d.id, agreement: true,
      next_step: { what: 'order form', due: '2026-03-21' } });
    let r = await call('POST', `/api/v1/deals/${d.id}/win`, {});
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.rule, 'order-required');
    assert.match(r.json.type, /\/rules\/order-required$/);
    r = await call('POST', '/api/v1/interactions', { kind: 'meeting', deal_id: d.id, agreement_type: 'purchase',
      next_step: { what: 'kick-off', due: '2026-03-23' } });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'agreement_type');
    r = await call('POST', '/api/v1/interactions', { kind: 'meeting', deal_id: d.id, agreement_type: 'order', agreement: false });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'agreement_type');
    r = await call('POST', '/api/v1/interactions', { kind: 'meeting', deal_id: d.id, agreement_type: 'order' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.rule, 'next-step-required');
    const order = await ok('POST', '/api/v1/interactions', { kind: 'meeting', deal_id: d.id, agreement_type: 'order',
      next_step: { what: 'kick-off', due: '2026-03-23' } });
    assert.equal(order.agreement_type, 'order');
    assert.equal(order.agreement, true);
    const listed = await ok('GET', `/api/v1/interactions?deal_id=${d.id}&agreement_type=order`);
    assert.deepEqual(listed.items.map((i) => i.id), [order.id]);
    assert.equal((await ok('POST', `/api/v1/deals/${d.id}/win`, {})).status, 'won');
  });

  await t.test('planned or reactive, said or worked out', async () => {
    const d = await deal('Planned over HTTP', '2026-03-21');
    // the 20th is within three grace days of the 21st: planned
    let i = await ok('POST', '/api/v1/interactions', { kind: 'call', deal_id: d.id, agreement: false });
    assert.equal(i.planned, true);
    i = await ok('POST', '/api/v1/interactions', { kind: 'email', deal_id: d.id, agreement: false, planned: false });
    assert.equal(i.planned, false);
    await ok('POST', `/api/v1/deals/${d.id}/next-step/done`);
    i = await ok('POST', '/api/v1/interactions', { kind: 'call', deal_id: d.id, agreement: false });
    assert.equal(i.planned, false, 'no promise open: reactive');
    const r = await call('POST', '/api/v1/interactions', { kind: 'call', deal_id: d.id, agreement: false, planned: true });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.rule, 'planned-needs-promise');
    assert.match(r.json.type, /\/rules\/planned-needs-promise$/);
  });

  await t.test('a promise past its grace days is missed once, and the report counts it', async () => {
    // made on the 10th, due on the 12th: with three grace days, missed on the 16th
    const made = cliAt(ctx.db, '2026-03-10', ['deal', 'add', 'Slipped', '--account', String(account.id),
      '--contact', String(contact.id), '--next', 'send the figures', '--due', '2026-03-12']);
    const disc = await ok('GET', '/api/v1/reports/discipline');
    assert.equal(disc.totals.missed, 1);
    assert.ok(disc.rows.every((row) => typeof row.missed === 'number' && typeof row.reactive === 'number'));
    await ok('GET', '/api/v1/reports/discipline');
    const hist = (await ok('GET', `/api/v1/deals/${made.id}/history`)).items.filter((e) => e.action === 'missed');
    assert.equal(hist.length, 1, 'recorded once');
    assert.equal(hist[0].entity, 'next_step');
    assert.equal(hist[0].actor_id, null, 'the sweep acts for nobody');
    assert.deepEqual([hist[0].data.due, hist[0].data.grace_days, hist[0].data.missed_on], ['2026-03-12', 3, '2026-03-16']);
    // a period that ends before the miss leaves it out
    assert.equal((await ok('GET', '/api/v1/reports/discipline?to=2026-03-15')).totals.missed, 0);
  });

  await t.test('the JSON backup carries missed promises, grace days and orders', async () => {
    const file = path.join(ctx.dir, 'backup.json');
    cliAt(ctx.db, NOW, ['export', 'json', file]);
    const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(backup.missed_promises.length, 1);
    assert.equal(backup.processes[0].grace_days, 3);
    assert.ok(backup.interactions.some((i) => i.agreement_type === 'order'));
    const fresh = freshDb('promises-restore');
    t.after(() => fs.rmSync(fresh.dir, { recursive: true, force: true }));
    cliAt(fresh.db, NOW, ['import', 'json', file]);
    const again = path.join(fresh.dir, 'again.json');
    cliAt(fresh.db, NOW, ['export', 'json', again]);
    const restored = JSON.parse(fs.readFileSync(again, 'utf8'));
    for (const table of ['missed_promises', 'processes', 'interactions'])
      assert.deepEqual(restored[table], backup[table], table);
  });
});

// Nobody read the report and no cron job ran: `fulcrum serve` sweeps as it
// starts (and each night), so the history says the promise was missed.
test('fulcrum serve records the promises missed while nobody looked', async (t) => {
  const { dir, db } = makeDb();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const account = cliAt(db, '2026-03-01', ['account', 'add', 'Quiet Ltd']);
  const contact = cliAt(db, '2026-03-01', ['contact', 'add', 'Quinn', '--account', String(account.id)]);
  const made = cliAt(db, '2026-03-01', ['deal', 'add', 'Quiet', '--account', String(account.id),
    '--contact', String(contact.id), '--next', 'call back', '--due', '2026-03-04']);
  const saved = process.env.FULCRUM_NOW;
  process.env.FULCRUM_NOW = NOW;	// the 20th: due on the 4th, two grace days
  let server;
  try {
    server = await startServer(db);
  } finally {
    if (saved === undefined) delete process.env.FULCRUM_NOW;
    else process.env.FULCRUM_NOW = saved;
  }
  t.after(() => stopServer(server));
  // it says so on its log (stderr may arrive after the "listening" line)
  for (let i = 0; i < 50 && !/missed promise/.test(server.stderr); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(server.stderr, /1 missed promise recorded/);
  const ctx = { api: (m, p, o) => api(server.url, m, p, o), login: (e, pw) => login(server.url, e, pw) };
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const r = await api(server.url, 'GET', `/api/v1/deals/${made.id}/history`, { token });
  assert.equal(r.status, 200, r.text);
  const missed = r.json.items.filter((e) => e.action === 'missed');
  assert.deepEqual(missed.map((e) => [e.data.due, e.data.missed_on, e.actor_id]), [['2026-03-04', '2026-03-07', null]]);
});
