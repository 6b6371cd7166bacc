// Step 1's right people and deal disqualification over the API (issue 16):
// the problem owner as a stakeholder role, a process that requires a role
// to leave engage, POST /deals/{id}/disqualify with the one list of reasons,
// the disqualified report beside the win rate, reopening, the rollups kept
// exact, and a JSON backup that keeps the reason, the note and no_fit_days.
// Every answer is checked against the server's OpenAPI document.
// Run alone: node --test tests/e2e/api/right-people.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, contract, run, setup, tokenFor } = require('./helper');
const { freshDb } = require('../lib/db.js');
const { checkRollups } = require('../lib/rollups.js');

// A server whose idle connections outlast the rollup checks between
// requests (seconds on PostgreSQL; the default header timeout is 10 s).
async function adminServer(t) {
  const ctx = await setup(['--header-timeout', '600']);
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const call = (method, p, body) => ctx.api(method, p, { token, body });
  const account = (await call('POST', '/api/v1/accounts', { name: 'Acme' })).json;
  const contact = (await call('POST', '/api/v1/contacts', { name: 'Bob', account_id: account.id })).json;
  return { ctx, call, account, contact };
}

test('deals are disqualified with a reason of the list, apart from won and lost', async (t) => {
  const { ctx, call: raw, account, contact } = await adminServer(t);
  const spec = await contract(ctx.url);
  const call = async (method, p, body) => {
    const r = await raw(method, p, body);
    assert.deepEqual(spec.check(method, p, r), [], `${method} ${p} agrees with the OpenAPI document`);
    return r;
  };
  const deal = async (title) => (await call('POST', '/api/v1/deals', {
    title, account_id: account.id, contact_id: contact.id, value: 2500,
    next_step: { what: 'call', due: '2030-01-01' },
  })).json;

  await t.test('the problem owner is a stakeholder role; a process may require one', async () => {
    const proc = (await call('GET', '/api/v1/processes/default')).json;
    assert.equal(proc.no_fit_days, 14);
    delete proc.id;
    proc.no_fit_days = 21;
    proc.steps[0].criteria.stakeholder_role = 'problem_owner';
    const put = await call('PUT', '/api/v1/processes/default', proc);
    assert.equal(put.status, 200, put.text);
    const back = (await call('GET', '/api/v1/processes/default')).json;
    assert.equal(back.no_fit_days, 21);
    assert.equal(back.steps[0].criteria.stakeholder_role, 'problem_owner');

    await call('PATCH', `/api/v1/contacts/${contact.id}`, { need: 'books closed in two days', timing_from: '2020-01-01' });
    const d = await deal('Needs its owner');
    const refused = await call('POST', `/api/v1/deals/${d.id}/advance`, {});
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.json.rule, 'exit-criteria');
    assert.match(refused.json.detail, /a problem owner \(the person with the need\) among the stakeholders/);
    const bad = await call('PUT', `/api/v1/deals/${d.id}/stakeholders/${contact.id}`, { role: 'boss' });
    assert.equal(bad.status, 400, bad.text);
    const set = await call('PUT', `/api/v1/deals/${d.id}/stakeholders/${contact.id}`, { role: 'problem_owner' });
    assert.equal(set.status, 200, set.text);
    const shown = (await call('GET', `/api/v1/deals/${d.id}`)).json;
    assert.deepEqual(shown.stakeholders.map((s) => s.role), ['problem_owner']);
    assert.ok(shown.checklist.every((c) => c.done), JSON.stringify(shown.checklist));
    const moved = await call('POST', `/api/v1/deals/${d.id}/advance`, {});
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.step, 'comfort');
    delete proc.steps[0].criteria.stakeholder_role;
    assert.equal((await call('PUT', '/api/v1/processes/default', proc)).status, 200);
  });

  await t.test('disqualify takes a reason of the list and a note, once', async () => {
    const d = await deal('Wrong person');
    let r = await call('POST', `/api/v1/deals/${d.id}/disqualify`, {});
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'reason');
    r = await call('POST', `/api/v1/deals/${d.id}/disqualify`, { reason: 'bored' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'reason');
    r = await call('POST', `/api/v1/deals/${d.id}/disqualify`, { reason: 'no_need', note: 'n'.repeat(501) });
    assert.equal(r.status, 400, r.text);
    assert.equal((await call('GET', `/api/v1/deals/${d.id}`)).json.status, 'open', 'nothing changed');
    r = await call('POST', `/api/v1/deals/${d.id}/disqualify`, { reason: 'wrong_person', note: 'the intern' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'disqualified');
    assert.equal(r.json.disqualified_reason, 'wrong_person');
    assert.equal(r.json.disqualified_note, 'the intern');
    assert.equal(r.json.next_step, null);
    r = await call('POST', `/api/v1/deals/${d.id}/disqualify`, { reason: 'no_need' });
    assert.equal(r.status, 409, r.text);
    const list = (await call('GET', '/api/v1/deals?status=disqualified')).json.items;
    assert.deepEqual(list.map((x) => x.id), [d.id]);
    const hist = (await call('GET', `/api/v1/deals/${d.id}/history`)).json.items;
    const ev = hist.find((e) => e.action === 'disqualified');
    assert.equal(ev.reason, 'wrong_person');
    checkRollups(ctx.db, 'after a disqualification');
  });

  await t.test('the win rate leaves disqualified deals alone; their report lists them', async () => {
    const lost = await deal('Lost on price');
    assert.equal((await call('POST', `/api/v1/deals/${lost.id}/lose`, { reason: 'price' })).status, 200);
    const won = await deal('Signed');
    // a forced win too needs the customer's wants (R3)
    assert.equal((await call('POST', '/api/v1/wants', { deal_id: won.id, kind: 'objective', text: 'one ledger', importance: 3 })).status, 201);
    assert.equal((await call('POST', `/api/v1/deals/${won.id}/win`, { force: true, reason: 'signed' })).status, 200);
    const wr = (await call('GET', '/api/v1/reports/winrate')).json;
    assert.equal(wr.totals.won, 1);
    assert.equal(wr.totals.lost, 1);
    assert.equal(wr.totals.win_rate, 0.5);
    const rep = (await call('GET', '/api/v1/reports/disqualified')).json;
    assert.deepEqual(rep.rows.map((x) => [x.reason, x.deals]),
      [['wrong_person', 1], ['no_need', 0], ['wrong_timing', 0], ['no_fit', 0]]);
    assert.equal(rep.rows[0].value_minor, 250000);
    assert.equal(rep.rows[0].share, 1);
    assert.equal(rep.totals.deals, 1);
    assert.equal(rep.deals[0].title, 'Wrong person');
    assert.equal(rep.deals[0].account, 'Acme');
    const cli = JSON.parse(run(ctx.db, ['--json', 'report', 'disqualified']).stdout);
    assert.deepEqual(cli.rows, rep.rows, 'the CLI and the API give one report');
    const list = (await call('GET', '/api/v1/reports')).json.items.map((x) => x.name);
    assert.ok(list.includes('disqualified'));
  });

  await t.test('a disqualified deal reopens at the step it left', async () => {
    const d = (await call('GET', '/api/v1/deals?status=disqualified')).json.items[0];
    const r = await call('POST', `/api/v1/deals/${d.id}/reopen`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'open');
    assert.equal(r.json.step, 'engage');
    assert.equal(r.json.disqualified_reason, null);
    checkRollups(ctx.db, 'after a reopen');
    // and is disqualified again, for the backup below
    const again = await call('POST', `/api/v1/deals/${d.id}/disqualify`, { reason: 'wrong_person', note: 'the intern' });
    assert.equal(again.status, 200, again.text);
  });
  await t.test('a JSON backup keeps the disqualification and no_fit_days', async () => {
    const file = path.join(ctx.dir, 'backup.json');
    const w = run(ctx.db, ['export', 'json', file]);
    assert.equal(w.status, 0, w.stderr);
    const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
    const dq = backup.deals.find((x) => x.status === 'disqualified');
    assert.equal(dq.disqualified_reason, 'wrong_person');
    assert.equal(dq.disqualified_note, 'the intern');
    const fresh = freshDb('fulcrum-right-people-restore');
    try {
      const r = run(fresh.db, ['import', 'json', file]);
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(run(fresh.db, ['--json', 'report', 'disqualified']).stdout);
      assert.equal(report.totals.deals, 1);
      assert.equal(report.deals[0].note, 'the intern');
      const proc = JSON.parse(run(fresh.db, ['--json', 'process', 'show', 'default']).stdout);
      assert.equal(proc.no_fit_days, 21);
      checkRollups(fresh.db, 'after a restore');
    } finally {
      fs.rmSync(fresh.dir, { recursive: true, force: true });
    }
  });

});
