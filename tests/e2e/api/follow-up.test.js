// Step 6 over the API (issue 16): a satisfaction check is refused before
// its delivery and twice for one delivery, another delivery schedules its
// own, a low score is a recovery item on the agenda until a call is logged,
// and a referral is linked to the deal it produced (POST
// /referrals/{id}/link, or referral_id when the deal is created) and
// credited in the referrals report. The rules are the core's, named in the
// problem's type as on the CLI; answers hold to the OpenAPI document.
// Run alone: node --test tests/e2e/api/follow-up.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { adminWithContact, contract } = require('./helper');

const RULES = 'https://fulcrum.invalid/problems/rules/';

// A won deal delivered on DELIVERED, through the API.
async function wonDeal(call, account, contact, title, delivered) {
  const d = (await call('POST', '/api/v1/deals', {
    title, account_id: account.id, contact_id: contact.id, value: 2500,
    next_step: { what: 'call', due: '2030-01-01' },
  })).json;
  await call('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', importance: 4, text: 'faster' });
  const won = await call('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed', delivered });
  assert.equal(won.status, 200, won.text);
  return d;
}

test('checks follow deliveries, one each; a low score is recovered', async (t) => {
  const { ctx, call, account, contact } = await adminWithContact(t);
  const api = await contract(ctx.url);
  const checked = async (method, p, body) => {
    const r = await call(method, p, body);
    assert.deepEqual(api.check(method, p, r), []);
    return r;
  };
  const future = await wonDeal(call, account, contact, 'Later', '2099-01-01');
  let r = await checked('POST', '/api/v1/checks', { deal_id: future.id, score: 4 });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.type, `${RULES}check-after-delivery`);
  assert.match(r.json.detail, /delivered on 2099-01-01/);

  const d = await wonDeal(call, account, contact, 'Now', '2020-01-06');
  r = await checked('POST', '/api/v1/checks', { deal_id: d.id, score: 1, notes: 'broken on arrival' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'delivery');
  assert.equal(r.json.delivered_on, '2020-01-06');
  r = await checked('POST', '/api/v1/checks', { deal_id: d.id, score: 5 });
  assert.equal(r.status, 422);
  assert.equal(r.json.type, `${RULES}one-check-per-delivery`);

  let agenda = (await checked('GET', '/api/v1/agenda')).json;
  const items = Array.isArray(agenda) ? agenda : agenda.items;
  const rec = items.find((i) => i.kind === 'recovery' && i.deal_id === d.id);
  assert.ok(rec, 'a recovery item');
  assert.equal(rec.check_score, 1);
  assert.match(rec.reason, /scored 1 of 5/);
  r = await checked('POST', '/api/v1/interactions', { kind: 'call', deal_id: d.id, notes: 'agreed a fix' });
  assert.equal(r.status, 201, r.text);
  agenda = (await call('GET', '/api/v1/agenda')).json;
  assert.ok(!(Array.isArray(agenda) ? agenda : agenda.items).some((i) => i.kind === 'recovery'), 'recovered');

  // another delivery: its own check
  r = await checked('POST', `/api/v1/deals/${d.id}/deliver`, { date: '2020-02-03' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.delivered_on, '2020-02-03');
  r = await checked('POST', `/api/v1/deals/${d.id}/deliver`, { date: '2020-02-03' });
  assert.equal(r.status, 409, r.text);
  r = await checked('POST', '/api/v1/checks', { deal_id: d.id, score: 4 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.delivered_on, '2020-02-03');
  assert.equal(r.json.due, '2020-02-17');
  // the CLI refuses the same way: the rule is the core's
  const c = ctx.cli(['check', String(d.id), '--score', '3']);
  assert.equal(c.status, 1);
  assert.match(c.stderr, /^refused \(one-check-per-delivery\): /);
});

test('a referral is linked to its deal and credited in the referrals report', async (t) => {
  const { ctx, call, account, contact } = await adminWithContact(t);
  const api = await contract(ctx.url);
  const checked = async (method, p, body) => {
    const r = await call(method, p, body);
    assert.deepEqual(api.check(method, p, r), []);
    return r;
  };
  const source = await wonDeal(call, account, contact, 'Source', '2020-01-06');
  const other = (await call('POST', '/api/v1/accounts', { name: 'Initech' })).json;
  const ivy = (await call('POST', '/api/v1/contacts', { name: 'Ivy', account_id: other.id })).json;
  const ref = (await checked('POST', '/api/v1/referrals', {
    from_contact_id: contact.id, contact_id: ivy.id, source_deal_id: source.id,
  })).json;
  let r = await checked('POST', '/api/v1/deals', {
    title: 'Referred', account_id: other.id, contact_id: ivy.id, value: 1000, referral_id: ref.id,
    next_step: { what: 'call', due: '2030-01-01' },
  });
  assert.equal(r.status, 201, r.text);
  const referred = r.json;
  assert.equal(referred.source_referral_id, ref.id);
  r = await checked('POST', '/api/v1/deals', {
    title: 'Twice', account_id: other.id, contact_id: ivy.id, referral_id: ref.id,
    next_step: { what: 'call', due: '2030-01-01' },
  });
  assert.equal(r.status, 422);
  assert.equal(r.json.type, `${RULES}referral-credit`);

  const ref2 = (await call('POST', '/api/v1/referrals', { from_contact_id: contact.id, contact_id: ivy.id })).json;
  const second = (await call('POST', '/api/v1/deals', {
    title: 'Second', account_id: other.id, contact_id: ivy.id, value: 300,
    next_step: { what: 'call', due: '2030-01-01' },
  })).json;
  r = await checked('POST', `/api/v1/referrals/${ref2.id}/link`, { deal_id: referred.id });
  assert.equal(r.status, 422);
  assert.equal(r.json.type, `${RULES}referral-credit`);
  r = await checked('POST', `/api/v1/referrals/${ref2.id}/link`, { deal_id: second.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.deal_id, second.id);
  r = await checked('POST', `/api/v1/referrals/${ref2.id}/link`, {});
  assert.equal(r.status, 400);

  await call('POST', '/api/v1/wants', { deal_id: referred.id, kind: 'objective', importance: 4, text: 'x' });
  await call('POST', `/api/v1/deals/${referred.id}/win`, { force: true, reason: 'signed' });
  const rep = (await checked('GET', '/api/v1/reports/referrals')).json;
  assert.equal(rep.rows.length, 1);
  assert.equal(rep.rows[0].contact_id, contact.id);
  assert.equal(rep.rows[0].referrals, 2);
  assert.equal(rep.rows[0].won_minor, 100000);
  assert.equal(rep.accounts[0].account_id, account.id);
  assert.equal(rep.source_deals[0].deal_id, source.id);
  assert.equal(rep.totals.referred_won, 1);
  const list = (await checked('GET', '/api/v1/reports')).json;
  assert.ok(list.items.some((i) => i.name === 'referrals'));
});
