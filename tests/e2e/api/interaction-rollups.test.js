// A logged call with its next step writes the new step before it closes the
// one it replaces, and the rollup triggers of sql/044-write-path-rollups.sql
// leave out the passes that cannot change a sum: the deal's latest open due
// (open_due_max) and report_coverage / report_open_steps must still follow
// every move — a later due, an earlier one, the same one, a step done.
// Runs on PostgreSQL too (FULCRUM_TEST_PG_DIR).
// Rerun alone: node --test tests/e2e/api/interaction-rollups.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, apiOk, setup, tokenFor } = require('./helper.js');
const { checkRollups } = require('../lib/rollups.js');
const { sqlRows } = require('../lib/sql.js');

test('a call\'s next step moves the deal\'s latest due and its rollups exactly', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const ok = apiOk(ctx, token);
  const account = await ok('POST', '/api/v1/accounts', { name: 'Acme' });
  const contact = await ok('POST', '/api/v1/contacts', { name: 'Bob', account_id: account.id });
  const deal = await ok('POST', '/api/v1/deals', {
    title: 'Rollout', account_id: account.id, contact_id: contact.id,
    next_step: { what: 'first call', due: '2099-03-01' },
  });
  const other = await ok('POST', '/api/v1/deals', {
    title: 'Other', account_id: account.id, contact_id: contact.id,
    next_step: { what: 'intro', due: '2099-03-01' },
  });
  const state = (id) => {
    const [[due]] = sqlRows(ctx.db, `SELECT COALESCE(open_due_max, 'none') FROM deals WHERE id = ${id}`);
    const open = sqlRows(ctx.db, `SELECT id, due FROM next_steps WHERE deal_id = ${id}
      AND status = 'open' ORDER BY id`);
    return { due, open };
  };
  checkRollups(ctx.db, 'after the deals');

  // later, earlier, the same day: one open step each time, the last agreed
  for (const [n, due] of [[1, '2099-06-01'], [2, '2099-04-01'], [3, '2099-04-01'],
    [4, '2099-12-31']]) {
    const call = await ok('POST', '/api/v1/interactions', {
      kind: 'call', deal_id: deal.id, notes: `call ${n}`, agreement: true,
      next_step: { what: `step ${n}`, due },
    });
    const s = state(deal.id);
    assert.equal(s.due, due, `call ${n}: the deal's latest open due`);
    assert.deepEqual(s.open, [[String(call.next_step_id), due]],
      `call ${n}: the new step is the deal's only open one`);
    const d = await ok('GET', `/api/v1/deals/${deal.id}`);
    assert.equal(d.next_step_id, call.next_step_id);
    checkRollups(ctx.db, `after call ${n} (next step due ${due})`);
  }
  // the other deal kept its own
  assert.equal(state(other.id).due, '2099-03-01');

  // a call without agreement leaves the step open; "done" empties the due
  await ok('POST', '/api/v1/interactions', {
    kind: 'call', deal_id: deal.id, notes: 'no agreement', agreement: false,
  });
  assert.equal(state(deal.id).due, '2099-12-31');
  checkRollups(ctx.db, 'after a call without agreement');
  // plain SQL as an administrator may write it: the step done, then open
  // again with another due, then gone
  const [[sid]] = sqlRows(ctx.db, `SELECT id FROM next_steps WHERE deal_id = ${deal.id}
    AND status = 'open'`);
  sqlRows(ctx.db, `UPDATE next_steps SET status = 'done' WHERE id = ${sid}`);
  assert.equal(state(deal.id).due, 'none');
  checkRollups(ctx.db, 'after the step was done in SQL');
  sqlRows(ctx.db, `UPDATE next_steps SET status = 'open', due = '2099-05-05' WHERE id = ${sid}`);
  assert.equal(state(deal.id).due, '2099-05-05');
  checkRollups(ctx.db, 'after the step was opened again in SQL');
  sqlRows(ctx.db, `UPDATE next_steps SET deal_id = ${other.id} WHERE id = ${sid}`);
  assert.equal(state(deal.id).due, 'none');
  assert.equal(state(other.id).due, '2099-05-05');
  checkRollups(ctx.db, 'after the step moved to the other deal in SQL');
  sqlRows(ctx.db, `DELETE FROM next_steps WHERE id = ${sid}`);
  assert.equal(state(other.id).due, '2099-03-01');
  checkRollups(ctx.db, 'after the step was deleted in SQL');
});
