// What a deal's page reads and writes over HTTP: its history holds everything that
// happened (wants, fits, next steps agreed, kept and moved, stakeholders
// added and removed, the check with its notes, referrals); one
// satisfaction check per delivery; an edit keeps the contact in the
// deal's account; an offering deactivated takes no new fit
// and survives a JSON backup, and a backup written before offerings could
// be deactivated restores them active.
// Run alone: node --test tests/e2e/api/deal-timeline.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, setup, tokenFor, run } = require('./helper');
const { freshDb } = require('../lib/db.js');

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('deal timeline, checks and offerings', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const A = (method, p, body, headers) => ctx.api(method, p, { token, body, headers });
  const ok = async (method, p, body, status = [200, 201]) => {
    const r = await A(method, p, body);
    assert.ok(status.includes(r.status), `${method} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };
  const acc = await ok('POST', '/api/v1/accounts', { name: 'Initech' });
  const con = await ok('POST', '/api/v1/contacts', { name: 'Peter', account_id: acc.id });
  const other = await ok('POST', '/api/v1/contacts', { name: 'Milton', account_id: acc.id });
  const off = await ok('POST', '/api/v1/offerings', { name: 'Stapler Care' });
  const mk = (title) => ok('POST', '/api/v1/deals', { title, account_id: acc.id, contact_id: con.id, value: 900,
    next_step: { what: 'first call', due: inDays(1) } });

  await t.test('the history holds wants, fits, next steps, stakeholders, the check and referrals', async () => {
    const d = await mk('timeline');
    const want = await ok('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'no more lost staplers', importance: 4 });
    await ok('PATCH', `/api/v1/wants/${want.id}`, { importance: 5 });
    await ok('POST', '/api/v1/fits', { want_id: want.id, offering_id: off.id, how: 'we label every stapler' });
    await ok('POST', `/api/v1/deals/${d.id}/next-step/done`);
    await ok('PUT', `/api/v1/deals/${d.id}/next-step`, { what: 'the order', due: inDays(2), type: 'order' });
    await ok('PUT', `/api/v1/deals/${d.id}/stakeholders/${other.id}`, { role: 'user' });
    await ok('DELETE', `/api/v1/deals/${d.id}/stakeholders/${other.id}`);
    await ok('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed early' });
    await ok('POST', '/api/v1/checks', { deal_id: d.id, score: 5, notes: 'happy with the labels' });
    const friend = await ok('POST', '/api/v1/contacts', { name: 'Samir' });
    await ok('POST', '/api/v1/referrals', { from_contact_id: con.id, contact_id: friend.id, source_deal_id: d.id });

    const hist = (await ok('GET', `/api/v1/deals/${d.id}/history`)).items;
    const seen = hist.map((e) => `${e.entity}:${e.action}`);
    for (const kind of ['deal:create', 'want:create', 'want:update', 'fit:create', 'next_step:create',
      'deal:next_step_done', 'deal:stakeholder', 'deal:stakeholder_removed', 'deal:check', 'referral:create'])
      assert.ok(seen.includes(kind), `${kind} in ${seen.join(', ')}`);
    assert.deepEqual(hist.map((e) => e.id), [...hist.map((e) => e.id)].sort((a, b) => a - b), 'in the order it happened');
    const done = hist.find((e) => e.action === 'next_step_done');
    assert.equal(done.data.what, 'first call');
    const check = hist.find((e) => e.action === 'check');
    assert.deepEqual(check.data, { score: 5, notes: 'happy with the labels' });
    const agreed = hist.filter((e) => e.entity === 'next_step' && e.action === 'create').map((e) => e.data.what);
    assert.deepEqual(agreed, ['first call', 'the order']);
    const removed = hist.find((e) => e.action === 'stakeholder_removed');
    assert.equal(removed.data.contact_id, other.id);
    // another deal's events stay out
    const d2 = await mk('elsewhere');
    await ok('POST', '/api/v1/wants', { deal_id: d2.id, kind: 'problem', text: 'not this deal', importance: 2 });
    const again = (await ok('GET', `/api/v1/deals/${d.id}/history`)).items;
    assert.equal(again.length, hist.length);
  });

  await t.test('an edit keeps the deal\'s contact in its account', async () => {
    const d = await mk('edited');
    const acc2 = await ok('POST', '/api/v1/accounts', { name: 'Initrode' });
    const stranger = await ok('POST', '/api/v1/contacts', { name: 'Bill', account_id: acc2.id });
    let r = await A('PATCH', `/api/v1/deals/${d.id}`, { contact_id: stranger.id }, { 'If-Match': `"${d.version}"` });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'contact_id');
    assert.equal((await ok('GET', `/api/v1/deals/${d.id}`)).contact_id, con.id, 'nothing changed');
    r = await A('PATCH', `/api/v1/deals/${d.id}`, { contact_id: other.id, title: 'edited again' }, { 'If-Match': `"${d.version}"` });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.contact_id, other.id);
  });

  await t.test('one satisfaction check per delivery', async () => {
    const d = await mk('checked');
    // a forced win too needs the customer's wants (R3)
    await ok('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'staplers that stay', importance: 3 });
    await ok('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed' });
    await ok('POST', '/api/v1/checks', { deal_id: d.id, score: 4 });
    const r = await A('POST', '/api/v1/checks', { deal_id: d.id, score: 2 });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /one-check-per-delivery$/);
    const checks = (await ok('GET', `/api/v1/checks?deal_id=${d.id}`)).items;
    assert.equal(checks.length, 1);
    // reopened and won again, delivered on another day: a new delivery
    // takes its own check (one delivered the same day is the same delivery)
    await ok('POST', `/api/v1/deals/${d.id}/reopen`);
    await ok('PUT', `/api/v1/deals/${d.id}/next-step`, { what: 'redo', due: inDays(1) });
    await ok('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'second delivery', delivered: inDays(-1) });
    await ok('POST', '/api/v1/checks', { deal_id: d.id, score: 5 });
  });

  await t.test('a deactivated offering takes no new fit and is filtered out', async () => {
    const d = await mk('offers');
    const want = await ok('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'a red stapler', importance: 3 });
    const old = await ok('POST', '/api/v1/offerings', { name: 'Old Stapler' });
    assert.equal(old.active, true);
    await ok('POST', '/api/v1/fits', { want_id: want.id, offering_id: old.id, how: 'it is red' });
    const off2 = await ok('PATCH', `/api/v1/offerings/${old.id}`, { active: false });
    assert.equal(off2.active, false);
    const r = await A('POST', '/api/v1/fits', { want_id: want.id, offering_id: old.id, how: 'still red' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'offering_id');
    const active = (await ok('GET', '/api/v1/offerings?active=true')).items.map((o) => o.name);
    assert.ok(!active.includes('Old Stapler') && active.includes('Stapler Care'), active.join(', '));
    assert.equal((await ok('GET', `/api/v1/deals/${d.id}`)).fits.length, 1, 'the old fit stays');
  });

  await t.test('a JSON backup keeps the flag; one written before it restores offerings active', async () => {
    const file = path.join(ctx.dir, 'backup.json');
    assert.equal(run(ctx.db, ['export', 'json', file]).status, 0);
    const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
    const byName = (b) => Object.fromEntries(b.offerings.map((o) => [o.name, o.active]));
    assert.deepEqual(byName(backup), { 'Stapler Care': 1, 'Old Stapler': 0 });
    for (const o of backup.offerings) delete o.active;
    fs.writeFileSync(file, JSON.stringify(backup));
    const fresh = freshDb('fulcrum-restore');
    try {
      const r = run(fresh.db, ['import', 'json', file]);
      assert.equal(r.status, 0, r.stderr);
      const again = path.join(fresh.dir, 'again.json');
      assert.equal(run(fresh.db, ['export', 'json', again]).status, 0);
      assert.deepEqual(byName(JSON.parse(fs.readFileSync(again, 'utf8'))), { 'Stapler Care': 1, 'Old Stapler': 1 });
    } finally {
      fs.rmSync(fresh.dir, { recursive: true, force: true });
    }
  });
});
