// Writes that arrive together: on SQLite a server commits the writes of
// several requests at once (src/store/sqlite/writer-group.h), each request
// in its own savepoint. Every request answered 201 is in the database,
// every request refused by a rule left nothing and took nothing of the
// others with it, and the report rollups stay exact. Runs on PostgreSQL
// too (FULCRUM_TEST_PG_DIR), where the same must hold.
// Rerun alone: node --test tests/e2e/api/group-commit.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, apiOk, setup, tokenFor } = require('./helper.js');
const { checkRollups } = require('../lib/rollups.js');

test('concurrent calls, some refused, are each kept or refused alone', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const ok = apiOk(ctx, token);
  const account = await ok('POST', '/api/v1/accounts', { name: 'Acme' });
  const contact = await ok('POST', '/api/v1/contacts', { name: 'Bob', account_id: account.id });
  const deals = [];
  for (let i = 0; i < 5; i++) {	// 5, prime to 3: each deal gets both kinds
    deals.push(await ok('POST', '/api/v1/deals', {
      title: `Deal ${i}`, account_id: account.id, contact_id: contact.id,
      next_step: { what: 'call', due: '2099-01-01' },
    }));
  }

  // 120 requests in waves of 24 at once: every third one breaks R1 (a call
  // on an open deal without the agreed next step or an explicit "no"),
  // refused inside its transaction after the deal was read
  const N = 120, WAVE = 24;
  const sent = [];
  const answers = [];
  for (let w = 0; w < N; w += WAVE) {
    const wave = [];
    for (let i = w; i < w + WAVE; i++) {
      const deal = deals[i % deals.length];
      const refused = i % 3 === 1;
      const body = refused
        ? { kind: 'call', deal_id: deal.id, notes: `together ${i}` }
        : { kind: 'call', deal_id: deal.id, notes: `together ${i}`, agreement: true,
            next_step: { what: `step ${i}`, due: '2099-02-01' } };
      sent.push({ i, refused, deal });
      wave.push(ctx.api('POST', '/api/v1/interactions', { token, body }));
    }
    answers.push(...await Promise.all(wave));
  }

  const kept = new Map();
  sent.forEach((s, k) => {
    const r = answers[k];
    if (s.refused) {
      assert.equal(r.status, 422, `request ${s.i}: ${r.text}`);
      assert.match(r.text, /next-step-required/);
    } else {
      assert.equal(r.status, 201, `request ${s.i}: ${r.text}`);
      assert.equal(r.json.notes, `together ${s.i}`);
      assert.ok(r.json.next_step_id > 0, `request ${s.i} names its next step`);
      kept.set(r.json.id, s);
    }
  });
  assert.equal(kept.size, N - N / 3, 'every id is its own');

  // what the answers said is what the database holds
  const together = [];
  for (const deal of deals) {
    const list = await ok('GET', `/api/v1/interactions?deal_id=${deal.id}&limit=100`);
    assert.ok(list.items.length < 100, 'one page holds the deal\'s calls');
    together.push(...list.items.filter((it) => /^together /.test(it.notes || '')));
  }
  assert.equal(together.length, kept.size, 'no refused call was written, no kept one lost');
  for (const it of together) {
    const s = kept.get(it.id);
    assert.ok(s, `interaction ${it.id} was answered 201`);
    assert.equal(it.notes, `together ${s.i}`);
    assert.equal(it.deal_id, s.deal.id);
  }

  // each deal has exactly one open next step, the last one agreed on it
  for (const deal of deals) {
    const d = await ok('GET', `/api/v1/deals/${deal.id}`);
    const mine = together.filter((it) => it.deal_id === deal.id)
      .sort((a, b) => a.id - b.id);
    assert.equal(d.next_step_id, mine[mine.length - 1].next_step_id,
      `deal ${deal.id}'s next step is its last call's`);
  }
  checkRollups(ctx.db, 'after concurrent calls');
});
