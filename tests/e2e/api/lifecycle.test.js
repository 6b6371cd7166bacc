// A deal's end of life over HTTP: lose and reopen, forced win (R4 schedules
// the satisfaction check), the check with a good score (R5), a referral.
// Run alone: node --test tests/e2e/api/lifecycle.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper');

test('deal lifecycle', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const A = (method, p, body, headers) => ctx.api(method, p, { token, body, headers });
  const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  const acc = (await A('POST', '/api/v1/accounts', { name: 'Globex' })).json;
  const con = (await A('POST', '/api/v1/contacts', { name: 'Hank', account_id: acc.id })).json;
  const mk = async (title) => {
    const r = await A('POST', '/api/v1/deals', { title, account_id: acc.id, contact_id: con.id, value: 500, next_step: { what: 'call', due: inDays(1) } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };

  await t.test('lose then reopen, with If-Match honoured', async () => {
    const d = await mk('lost one');
    let r = await A('POST', `/api/v1/deals/${d.id}/lose`, { reason: 'budget' }, { 'If-Match': '"999"' });
    assert.equal(r.status, 412);
    r = await A('POST', `/api/v1/deals/${d.id}/lose`, { reason: 'budget' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'lost');
    r = await A('POST', `/api/v1/deals/${d.id}/reopen`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'open');
    r = await A('POST', `/api/v1/deals/${d.id}/lose`, { reason: 5 });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'reason');
  });

  await t.test('a promise moves to a new day with its reason, kept in the history', async () => {
    const d = await mk('slipping one');
    let r = await A('POST', `/api/v1/deals/${d.id}/next-step/move`, { due: inDays(10) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.rule, 'promise-move-reason');
    assert.equal(r.json.field, 'reason');
    r = await A('POST', `/api/v1/deals/${d.id}/next-step/move`, { due: inDays(-1), reason: 'late' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'due');
    r = await A('POST', `/api/v1/deals/${d.id}/next-step/move`, { due: inDays(10), reason: 'their CFO is away' }, { 'If-Match': '"999"' });
    assert.equal(r.status, 412, r.text);
    r = await A('POST', `/api/v1/deals/${d.id}/next-step/move`, { due: inDays(10), reason: 'their CFO is away' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.next_step.due, inDays(10));
    assert.equal(r.json.next_step.what, 'call');
    const h = (await A('GET', `/api/v1/deals/${d.id}/history`)).json.items;
    const moved = h.find((e) => e.action === 'next_step_moved');
    assert.ok(moved, JSON.stringify(h));
    assert.equal(moved.reason, 'their CFO is away');
    assert.deepEqual([moved.data.from, moved.data.to], [inDays(1), inDays(10)]);
    const c = ctx.cli(['next', 'move', String(d.id), '--due', inDays(12), '--reason', 'moved again']);
    assert.equal(c.status, 0, c.stderr);
    r = await A('POST', `/api/v1/deals/${d.id}/next-step/done`);
    assert.equal(r.status, 200, r.text);
    r = await A('POST', `/api/v1/deals/${d.id}/next-step/move`, { due: inDays(10), reason: 'no step' });
    assert.equal(r.status, 404, r.text);
  });

  await t.test('a win is refused before agreement, forced by an admin, and schedules the check', async () => {
    const d = await mk('won one');
    let r = await A('POST', `/api/v1/deals/${d.id}/win`);
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /\/rules\/[a-z-]+$/);
    // forced, a win still needs the customer's wants (R3)
    r = await A('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed on paper', delivered: inDays(0) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.rule, 'fulcrum');
    r = await A('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'ship on time' });
    assert.equal(r.status, 201, r.text);
    r = await A('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed on paper', delivered: inDays(0) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'won');
    r = await A('GET', `/api/v1/checks?deal_id=${d.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, 1);
    r = await A('POST', '/api/v1/checks', { deal_id: d.id, score: 9 });
    assert.equal(r.status, 400);
    assert.equal(r.json.field, 'score');
    r = await A('POST', '/api/v1/checks', { deal_id: d.id, score: 5, notes: 'delighted' });
    assert.ok([200, 201].includes(r.status), r.text);
    const friend = (await A('POST', '/api/v1/contacts', { name: 'Friend of Hank' })).json;
    r = await A('POST', '/api/v1/referrals', { from_contact_id: con.id, contact_id: friend.id, source_deal_id: d.id });
    assert.equal(r.status, 201, r.text);
    r = await A('GET', `/api/v1/deals/${d.id}/history`);
    assert.ok(r.json.items.some((e) => e.action === 'won' || e.action === 'force'));
    // the referral closed the referral ask; the expansion ask is done by hand
    r = await A('GET', `/api/v1/asks?deal_id=${d.id}`);
    assert.equal(r.status, 200, r.text);
    const byKind = Object.fromEntries(r.json.items.map((a) => [a.kind, a]));
    assert.equal(byKind.referral.status, 'done');
    assert.equal(byKind.expansion.status, 'open');
    r = await A('POST', `/api/v1/asks/${byKind.expansion.id}/done`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'done');
    r = await A('POST', `/api/v1/asks/${byKind.expansion.id}/done`);
    assert.equal(r.status, 409, r.text);
    const agenda = (await A('GET', '/api/v1/agenda')).json.items;
    assert.ok(!agenda.some((i) => i.ask_id === byKind.expansion.id), 'the ask left the agenda');
  });
});
