// Every resource and action of SPEC.md §5.2 once with its happy path and its
// main refusal; each rule's 422 typed by the rule's name; pagination (limit,
// cursor, next_cursor null at the end), sort and filters; ETag and a stale
// If-Match (412, nothing changed) on every updatable resource. Every answer
// is also held to the server's OpenAPI document.
// Run alone: node --test tests/e2e/api/every-resource.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, contract, setup, setPassword, tokenFor } = require('./helper');

const PW = 'every password 123';
const RULES = 'https://fulcrum.invalid/problems/rules/';
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('every resource', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const c = await contract(ctx.url);
  assert.equal(ctx.cli(['user', 'add', '--email', 'rep@example.com', '--name', 'Rita Rep', '--role', 'rep', '--team', 'north']).status, 0);
  setPassword(ctx.db, 'rep@example.com', PW);
  const tokens = { admin: await tokenFor(ctx, ADMIN.email, ADMIN.password), rep: await tokenFor(ctx, 'rep@example.com', PW) };
  const problems = [];
  const as = (who) => async (method, p, body, headers) => {
    const r = await ctx.api(method, p, { token: tokens[who], body, headers });
    problems.push(...c.check(method, p, r));
    return r;
  };
  const A = as('admin'), R = as('rep');
  const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };
  const refused = (r, status, rule) => {
    assert.equal(r.status, status, r.text);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    if (rule) {
      assert.equal(r.json.type, RULES + rule);
      assert.equal(r.json.rule, rule);
      assert.ok(r.json.detail.length > 10, 'the detail says what is missing');
    }
    return r.json;
  };
  t.after(() => assert.deepEqual(problems, [], 'every answer agrees with openapi.json'));
  const s = {};

  await t.test('accounts, contacts, offerings: create, read, update, delete; validation refused', async () => {
    s.account = ok(await R('POST', '/api/v1/accounts', { name: 'Acme', domain: 'acme.example', status: 'prospect' }), 201);
    refused(await R('POST', '/api/v1/accounts', { name: 'Bad', status: 'royal' }), 400);
    s.contact = ok(await R('POST', '/api/v1/contacts', { name: 'Carol', account_id: s.account.id, email: 'carol@acme.example', need: 'faster builds', timing_from: inDays(-1), timing_to: inDays(30) }), 201);
    refused(await R('POST', '/api/v1/contacts', { name: 'Bad', email: 'not an address' }), 400);
    s.offering = ok(await A('POST', '/api/v1/offerings', { name: 'Build farm', price: '1,200.50', currency: 'EUR' }), 201);
    assert.equal(s.offering.price, 1200.5);
    refused(await R('POST', '/api/v1/offerings', { name: 'Rogue' }), 403);
    for (const [res, who] of [['accounts', R], ['contacts', R], ['offerings', A]]) {
      const tmp = ok(await who('POST', `/api/v1/${res}`, { name: 'temp' }), 201);
      ok(await who('GET', `/api/v1/${res}/${tmp.id}`), 200);
      ok(await who('DELETE', `/api/v1/${res}/${tmp.id}`), 204);
      refused(await who('GET', `/api/v1/${res}/${tmp.id}`), 404);
      refused(await who('DELETE', `/api/v1/${res}/${tmp.id}`), 404);
    }
  });

  await t.test('deals: create needs the agreed next step (next-step-required)', async () => {
    const base = { title: 'Acme build farm', account_id: s.account.id, contact_id: s.contact.id, value: 24000, close_date: inDays(60) };
    refused(await R('POST', '/api/v1/deals', base), 422, 'next-step-required');
    refused(await R('POST', '/api/v1/deals', { ...base, next_step: { what: 'call' } }), 400);
    s.deal = ok(await R('POST', '/api/v1/deals', { ...base, next_step: { what: 'intro call', due: inDays(2) } }), 201);
    assert.equal(s.deal.status, 'open');
    assert.equal(s.deal.next_step.what, 'intro call');
    s.D = `/api/v1/deals/${s.deal.id}`;
  });

  await t.test('deals: advance (exit-criteria), force by a manager or admin only, history', async () => {
    ok(await R('POST', `${s.D}/advance`), 200); // engage holds: need and timing
    const p = refused(await R('POST', `${s.D}/advance`), 422, 'exit-criteria');
    assert.match(p.detail, /comfort/);
    refused(await R('POST', `${s.D}/advance`, { force: true, reason: 'hurry' }), 403);
    const d = ok(await A('POST', `${s.D}/advance`, { force: true, reason: 'old friend' }), 200);
    assert.equal(d.step, 'discover');
    const h = ok(await R('GET', `${s.D}/history`), 200);
    assert.ok(h.items.some((e) => e.reason === 'old friend'));
  });

  await t.test('no move to present without wants (fulcrum); wants, fits', async () => {
    refused(await A('POST', `${s.D}/advance`, { force: true, reason: 'skip' }), 422, 'fulcrum');
    refused(await R('POST', '/api/v1/fits', { offering_id: s.offering.id, how: 'fast' }), 422, 'fulcrum');
    refused(await R('POST', '/api/v1/wants', { deal_id: s.deal.id, kind: 'wish', text: 'x' }), 400);
    s.want = ok(await R('POST', '/api/v1/wants', { deal_id: s.deal.id, kind: 'objective', text: 'builds under 5 minutes', importance: 4 }), 201);
    s.want2 = ok(await R('POST', '/api/v1/wants', { deal_id: s.deal.id, kind: 'problem', text: 'flaky runners', importance: 2 }), 201);
    s.fit = ok(await R('POST', '/api/v1/fits', { want_id: s.want.id, offering_id: s.offering.id, how: 'parallel runners' }), 201);
    assert.equal(s.fit.deal_id, s.deal.id);
    refused(await R('PATCH', `/api/v1/fits/${s.fit.id}`, { want_id: s.want2.id }), 400);
  });

  await t.test('interactions need the agreement or an explicit no (next-step-required); next steps', async () => {
    refused(await R('POST', '/api/v1/interactions', { kind: 'call', deal_id: s.deal.id, contact_id: s.contact.id }), 422, 'next-step-required');
    s.call = ok(await R('POST', '/api/v1/interactions', { kind: 'meeting', deal_id: s.deal.id, contact_id: s.contact.id, agreement: true, next_step: { what: 'demo', due: inDays(4), type: 'demo' } }), 201);
    assert.equal(s.call.agreement, true);
    const d = ok(await R('GET', s.D), 200);
    assert.equal(d.next_step.what, 'demo');
    const ns = ok(await R('POST', '/api/v1/next-steps', { deal_id: s.deal.id, what: 'proposal', due: inDays(8), type: 'proposal' }), 201);
    assert.equal(ok(await R('GET', s.D), 200).next_step.id, ns.id);
    refused(await R('POST', '/api/v1/next-steps', { deal_id: s.deal.id, what: 'x', due: 'soon' }), 400);
    ok(await R('POST', `${s.D}/next-step/done`), 200);
    assert.equal(ok(await R('GET', s.D), 200).next_step, null);
    ok(await R('PUT', `${s.D}/next-step`, { what: 'trial', due: inDays(10), type: 'trial' }), 200);
  });

  await t.test('stakeholders', async () => {
    let d = ok(await R('PUT', `${s.D}/stakeholders/${s.contact.id}`, { role: 'decision_maker' }), 200);
    assert.deepEqual(d.stakeholders.map((x) => x.role), ['decision_maker']);
    refused(await R('PUT', `${s.D}/stakeholders/${s.contact.id}`, { role: 'emperor' }), 400);
    refused(await R('PUT', `${s.D}/stakeholders/999999`, { role: 'user' }), 404);
    d = ok(await R('DELETE', `${s.D}/stakeholders/${s.contact.id}`), 200);
    assert.deepEqual(d.stakeholders, []);
  });

  await t.test('win schedules the check (follow-up); checks, referrals; lose and reopen', async () => {
    refused(await R('POST', '/api/v1/checks', { deal_id: s.deal.id, score: 5 }), 422, 'follow-up');
    refused(await R('POST', `${s.D}/win`, { force: true, reason: 'x' }), 403);
    const won = ok(await A('POST', `${s.D}/win`, { force: true, reason: 'signed', delivered: inDays(0) }), 200);
    assert.equal(won.status, 'won');
    assert.equal(won.checks.length, 1, 'R4 scheduled the satisfaction check');
    refused(await R('POST', '/api/v1/checks', { deal_id: s.deal.id, score: 9 }), 400);
    s.check = ok(await R('POST', '/api/v1/checks', { deal_id: s.deal.id, score: 5, notes: 'delighted' }), 201);
    assert.equal(s.check.score, 5);
    const agenda = ok(await R('GET', '/api/v1/agenda?explain=true'), 200);
    assert.ok(agenda.items.some((i) => /referral/.test(i.kind)), 'R5: a referral ask');
    assert.ok(agenda.items.every((i) => i.explain && typeof i.score === 'number'));
    refused(await R('GET', '/api/v1/agenda?explain=maybe'), 400);
    const friend = ok(await R('POST', '/api/v1/contacts', { name: 'Frank Friend' }), 201);
    refused(await R('POST', '/api/v1/referrals', { from_contact_id: s.contact.id }), 400);
    s.referral = ok(await R('POST', '/api/v1/referrals', { from_contact_id: s.contact.id, contact_id: friend.id, source_deal_id: s.deal.id }), 201);
    ok(await R('PATCH', `/api/v1/referrals/${s.referral.id}`, { status: 'engaged' }), 200);
    refused(await R('POST', `${s.D}/lose`, { reason: 'x' }), 409);
    ok(await R('POST', `${s.D}/reopen`), 200);
    const lost = ok(await R('POST', `${s.D}/lose`, { reason: 'budget frozen' }), 200);
    assert.equal(lost.status, 'lost');
    assert.equal(lost.lost_reason, 'budget frozen');
    refused(await R('POST', `${s.D}/reopen`, { why: 'x' }), 400);
    ok(await R('POST', `${s.D}/reopen`), 200);
  });

  await t.test('users: everyone reads, admins write; tokens: issue, list, revoke', async () => {
    const u = ok(await A('POST', '/api/v1/users', { email: 'new@example.com', name: 'New', role: 'rep', team: 'south' }), 201);
    refused(await A('POST', '/api/v1/users', { email: 'new@example.com', name: 'Twice' }), 409);
    refused(await R('POST', '/api/v1/users', { email: 'r@example.com', name: 'R' }), 403);
    ok(await R('GET', `/api/v1/users/${u.id}`), 200);
    ok(await A('PATCH', `/api/v1/users/${u.id}`, { active: false }), 200);
    refused(await R('PATCH', `/api/v1/users/${u.id}`, { active: true }), 403);
    const tok = ok(await R('POST', '/api/v1/tokens', { name: 'script' }), 201);
    assert.match(tok.token, /^fc_/);
    refused(await R('POST', '/api/v1/tokens', { name: 'x', scope: 'all' }), 400);
    const list = ok(await R('GET', '/api/v1/tokens'), 200);
    assert.ok(list.items.some((x) => x.id === tok.id));
    assert.ok(!JSON.stringify(list).includes(tok.token), 'secrets are shown once');
    ok(await ctx.api('GET', '/api/v1/auth/me', { token: tok.token }), 200);
    assert.equal((await R('DELETE', `/api/v1/tokens/${tok.id}`)).status, 204);
    refused(await ctx.api('GET', '/api/v1/auth/me', { token: tok.token }), 401);
  });

  await t.test('processes: read, replace by an admin, validation refused', async () => {
    const list = ok(await R('GET', '/api/v1/processes'), 200);
    const key = list.items[0].key;
    const p = ok(await R('GET', `/api/v1/processes/${key}`), 200);
    assert.equal(p.steps.length, 6);
    refused(await R('PUT', `/api/v1/processes/${key}`, p), 403);
    const changed = { ...p, steps: p.steps.map((st, i) => (i === 0 ? { ...st, guidance: 'Ask about their timing first.' } : st)) };
    const put = ok(await A('PUT', `/api/v1/processes/${key}`, changed), 200);
    assert.equal(put.steps[0].guidance, 'Ask about their timing first.');
    refused(await A('PUT', `/api/v1/processes/${key}`, { ...p, steps: [{ key: 'x', name: 'X', phase: 'nowhere' }] }), 400);
    refused(await A('PUT', `/api/v1/processes/${key}`, { ...p, key: 'other' }), 400);
    assert.equal(ok(await R('GET', `/api/v1/processes/${key}`), 200).steps[0].guidance, 'Ask about their timing first.');
  });

  await t.test('pagination: limit, cursor, next_cursor null at the end; sort; filters; q', async () => {
    for (let i = 0; i < 7; i++) ok(await R('POST', '/api/v1/accounts', { name: `Page ${String.fromCharCode(77 - i)}`, industry: i % 2 ? 'odd' : 'even' }), 201);
    const seen = [];
    let cursor = null, pages = 0;
    do {
      const r = ok(await R('GET', `/api/v1/accounts?q=Page&limit=3&sort=name${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200);
      assert.ok(r.items.length <= 3);
      seen.push(...r.items.map((a) => a.name));
      cursor = r.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(cursor, null);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(seen.length, 7);
    const desc = ok(await R('GET', '/api/v1/accounts?q=Page&sort=-name&limit=2'), 200);
    assert.deepEqual(desc.items.map((a) => a.name), ['Page M', 'Page L']);
    assert.ok(desc.next_cursor);
    const odd = ok(await R('GET', '/api/v1/accounts?industry=odd'), 200);
    assert.equal(odd.items.length, 3);
    const both = ok(await R('GET', '/api/v1/accounts?industry=odd&industry=even'), 200);
    assert.equal(both.items.length, 7);
    ok(await R('GET', `/api/v1/deals?status=open&owner_id=${s.deal.owner_id}`), 200);
    refused(await R('GET', '/api/v1/accounts?limit=0'), 400);
    refused(await R('GET', '/api/v1/accounts?sort=colour'), 400);
    refused(await R('GET', '/api/v1/accounts?size=big'), 400);
    refused(await R('GET', '/api/v1/accounts?cursor=garbage!'), 400);
  });

  await t.test('ETag and If-Match: a stale version gets 412 and changes nothing, on every updatable resource', async () => {
    const cases = [
      [R, `/api/v1/accounts/${s.account.id}`, { industry: 'Hardware' }, 'industry'],
      [R, `/api/v1/contacts/${s.contact.id}`, { title: 'CTO' }, 'title'],
      [A, `/api/v1/offerings/${s.offering.id}`, { description: 'fast' }, 'description'],
      [R, s.D, { value: 30000 }, 'value'],
      [R, `/api/v1/wants/${s.want.id}`, { importance: 5 }, 'importance'],
      [R, `/api/v1/fits/${s.fit.id}`, { how: 'twice as fast' }, 'how'],
      [R, `/api/v1/referrals/${s.referral.id}`, { status: 'won' }, 'status'],
      [A, `/api/v1/users/${s.deal.owner_id}`, { name: 'Rita R.' }, 'name'],
    ];
    for (const [api, p, patch, field] of cases) {
      const cur = await api('GET', p);
      const etag = cur.headers.get('etag');
      assert.match(etag, /^"\d+"$/, p);
      assert.equal(etag, `"${cur.json.version}"`);
      const p1 = ok(await api('PATCH', p, patch, { 'If-Match': etag }), 200);
      assert.equal(p1[field], patch[field]);
      const stale = refused(await api('PATCH', p, { ...patch }, { 'If-Match': etag }), 412);
      assert.match(stale.type, /precondition-failed$/);
      const after = await api('GET', p);
      assert.equal(after.json.version, p1.version, `${p}: the stale update changed nothing`);
      refused(await api('PATCH', p, patch, { 'If-Match': 'v1' }), 400);
    }
    // the deal actions honour it too
    const d = await R('GET', s.D);
    refused(await R('POST', `${s.D}/lose`, { reason: 'x' }, { 'If-Match': `"${d.json.version - 1}"` }), 412);
    assert.equal(ok(await R('GET', s.D), 200).status, 'open');
    ok(await R('POST', `${s.D}/lose`, { reason: 'x' }, { 'If-Match': d.headers.get('etag') }), 200);
    const w = ok(await R('POST', '/api/v1/wants', { deal_id: s.deal.id, kind: 'issue', text: 'gone soon' }), 201);
    refused(await R('DELETE', `/api/v1/wants/${w.id}`, undefined, { 'If-Match': '"99"' }), 412);
    ok(await R('DELETE', `/api/v1/wants/${w.id}`, undefined, { 'If-Match': `"${w.version}"` }), 204);
  });
});
