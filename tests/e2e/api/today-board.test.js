// Today's actions and the board's columns over the API and the CLI:
// declining a referral or expansion ask (with its reason, off the agenda,
// in the deal's history), disqualifying a contact of the engage list, a
// password an admin gives that must be changed at sign-in, the won deals
// whose follow-up is open in the follow-up column, and the board's
// filters, search and pages.
// Run alone: node --test tests/e2e/api/today-board.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { ADMIN, BIN, contract, setup, tokenFor } = require('./helper');

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

let ctx;
let token;
let openapi;
const problems = [];
async function call(method, p, body) {
  const r = await ctx.api(method, p, { token, body });
  problems.push(...openapi.check(method, p, r));
  return r;
}
async function ok(method, p, body, status = [200, 201]) {
  const r = await call(method, p, body);
  assert.ok([].concat(status).includes(r.status), `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

let account;
async function contact(name, extra = {}) {
  return ok('POST', '/api/v1/contacts', { name, account_id: account.id, ...extra });
}
async function deal(title, extra = {}) {
  const c = await contact(`${title} contact`);
  return ok('POST', '/api/v1/deals', {
    title, account_id: account.id, contact_id: c.id,
    next_step: { what: 'call them', due: day(7) }, ...extra,
  });
}
// A won deal whose check scored SCORE (4 or 5 opens a referral and an expansion ask).
async function wonDeal(title, score) {
  const d = await deal(title);
  // a forced win too needs the customer's wants (R3)
  await ok('POST', '/api/v1/wants', { deal_id: d.id, kind: 'objective', text: 'answers on the phone' });
  await ok('POST', `/api/v1/deals/${d.id}/win`, { force: true, reason: 'signed on the phone' });
  if (score) await ok('POST', '/api/v1/checks', { deal_id: d.id, score });
  return d;
}
const agenda = async () => (await ok('GET', '/api/v1/agenda?limit=1000')).items;

test.before(async () => {
  ctx = await setup();
  token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  openapi = await contract(ctx.url);
  account = await ok('POST', '/api/v1/accounts', { name: 'Globex' });
});
test.after(() => ctx.close());
test.afterEach(() => assert.deepEqual(problems.splice(0), [], 'answers agree with the OpenAPI document'));

test('an ask is declined with a reason: it leaves the agenda and the history keeps why', async () => {
  const d = await wonDeal('Leverage me', 5);
  const asks = (await ok('GET', `/api/v1/asks?deal_id=${d.id}`)).items;
  assert.deepEqual(asks.map((a) => a.kind).sort(), ['expansion', 'referral']);
  const referral = asks.find((a) => a.kind === 'referral');
  const expansion = asks.find((a) => a.kind === 'expansion');
  assert.ok((await agenda()).some((i) => i.ask_id === referral.id), 'the ask is on the agenda');

  const none = await call('POST', `/api/v1/asks/${referral.id}/decline`, {});
  assert.equal(none.status, 400, none.text);
  assert.equal(none.json.field, 'reason');
  const blank = await call('POST', `/api/v1/asks/${referral.id}/decline`, { reason: '' });
  assert.equal(blank.status, 400, blank.text);
  const long = await call('POST', `/api/v1/asks/${referral.id}/decline`, { reason: 'x'.repeat(501) });
  assert.equal(long.status, 400, long.text);
  assert.equal((await ok('GET', `/api/v1/asks/${referral.id}`)).status, 'open', 'a refusal changes nothing');

  const declined = await ok('POST', `/api/v1/asks/${referral.id}/decline`, { reason: 'they just reorganised' });
  assert.equal(declined.status, 'declined');
  assert.equal(declined.declined_reason, 'they just reorganised');
  const items = await agenda();
  assert.ok(!items.some((i) => i.ask_id === referral.id), 'the declined ask left the agenda');
  assert.ok(items.some((i) => i.ask_id === expansion.id), 'the other ask stays');
  const history = (await ok('GET', `/api/v1/deals/${d.id}/history`)).items;
  const ev = history.find((e) => e.action === 'ask-declined');
  assert.ok(ev, `the history records it: ${JSON.stringify(history.map((e) => e.action))}`);
  assert.equal(ev.reason, 'they just reorganised');

  const again = await call('POST', `/api/v1/asks/${referral.id}/decline`, { reason: 'twice' });
  assert.equal(again.status, 409, again.text);
  const done = await call('POST', `/api/v1/asks/${referral.id}/done`);
  assert.equal(done.status, 409, 'a declined ask is not made afterwards');
  assert.deepEqual((await ok('GET', `/api/v1/asks?status=declined&deal_id=${d.id}`)).items.map((a) => a.id), [referral.id]);

  // the CLI declines the other one, with the same rule
  const noReason = ctx.cli(['referral', 'ask-decline', String(expansion.id)]);
  assert.equal(noReason.status, 1, noReason.stdout);
  assert.match(noReason.stderr, /'reason' is required/);
  const c = ctx.cli(['referral', 'ask-decline', String(expansion.id), '--reason', 'no budget this year']);
  assert.equal(c.status, 0, c.stderr);
  const after = await ok('GET', `/api/v1/asks/${expansion.id}`);
  assert.equal(after.status, 'declined');
  assert.equal(after.declined_reason, 'no budget this year');
});

test('a contact to engage is disqualified with a reason and leaves the agenda', async () => {
  const engage = await contact('Erin Engage', {
    need: 'faster invoicing', timing_from: day(-3), email: 'erin@globex.test', phone: '+1 555 0100',
  });
  const other = await contact('Oscar Other', { need: 'reports', timing_from: day(-2) });
  const item = (await agenda()).find((i) => i.kind === 'engage' && i.contact_id === engage.id);
  assert.ok(item, 'the contact is on the agenda to engage');
  assert.deepEqual(item.contact, { id: engage.id, name: 'Erin Engage', email: 'erin@globex.test', phone: '+1 555 0100' });
  assert.deepEqual(item.account, { id: account.id, name: 'Globex' });

  const bad = await call('POST', `/api/v1/contacts/${engage.id}/disqualify`, { reason: 'too_busy' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.field, 'reason');
  const r = await ok('POST', `/api/v1/contacts/${engage.id}/disqualify`, { reason: 'wrong_person', note: 'ask for Dana in finance' });
  assert.equal(r.disqualified_reason, 'wrong_person');
  assert.ok(r.disqualified_at);
  const items = await agenda();
  assert.ok(!items.some((i) => i.contact_id === engage.id && i.kind === 'engage'), 'off the agenda');
  assert.ok(items.some((i) => i.contact_id === other.id && i.kind === 'engage'), 'the other stays');
  const again = await call('POST', `/api/v1/contacts/${engage.id}/disqualify`, { reason: 'no_need' });
  assert.equal(again.status, 409, again.text);
  const listed = (await ok('GET', '/api/v1/contacts?disqualified_reason=wrong_person')).items;
  assert.deepEqual(listed.map((c) => c.id), [engage.id]);

  const c = ctx.cli(['contact', 'disqualify', String(other.id), '--reason', 'wrong_timing']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal((await ok('GET', `/api/v1/contacts/${other.id}`)).disqualified_reason, 'wrong_timing');
  const wrong = ctx.cli(['contact', 'disqualify', String(other.id), '--reason', 'whatever']);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /wrong_person, no_need, wrong_timing/);

  // a contact with a deal is not disqualified: its deal is lost instead
  const d = await deal('Has a deal');
  const withDeal = await call('POST', `/api/v1/contacts/${d.contact_id}/disqualify`, { reason: 'no_need' });
  assert.equal(withDeal.status, 409, withDeal.text);
});

test('a password an admin gives must be changed at sign-in', async () => {
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const adminMe = await ctx.api('GET', '/api/v1/auth/me', { session: admin });
  assert.equal(adminMe.json.password_change_required, false);
  const u = await ok('POST', '/api/v1/users', { email: 'rita@example.com', name: 'Rita Rep', password: 'given-pass-1' });
  assert.equal(u.password, undefined);
  assert.equal(u.password_hash, undefined);

  const first = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'rita@example.com', password: 'given-pass-1' } });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.password_change_required, true);
  problems.push(...openapi.check('POST', '/api/v1/auth/login', first));
  const s = await ctx.login('rita@example.com', 'given-pass-1');
  assert.equal((await ctx.api('GET', '/api/v1/auth/me', { session: s })).json.password_change_required, true);
  const change = await ctx.api('POST', '/api/v1/auth/password', { session: s, body: { current_password: 'given-pass-1', password: 'my-own-pass-2' } });
  assert.equal(change.status, 204, change.text);
  assert.equal((await ctx.login('rita@example.com', 'my-own-pass-2')).user.email, 'rita@example.com');
  const mine = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'rita@example.com', password: 'my-own-pass-2' } });
  assert.equal(mine.json.password_change_required, false);

  // an admin's reset: again a password to change
  const got = await ctx.api('GET', `/api/v1/users/${u.id}`, { token });
  const reset = await ctx.api('PATCH', `/api/v1/users/${u.id}`, { token, body: { password: 'reset-pass-3' }, headers: { 'If-Match': got.headers.get('etag') } });
  assert.equal(reset.status, 200, reset.text);
  const after = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'rita@example.com', password: 'reset-pass-3' } });
  assert.equal(after.json.password_change_required, true);

  // an admin may say the password needs no change; and it goes only with a password
  const free = await ok('POST', '/api/v1/users', { email: 'sam@example.com', name: 'Sam', password: 'kept-pass-1', must_change_password: false });
  const samLogin = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'sam@example.com', password: 'kept-pass-1' } });
  assert.equal(samLogin.json.password_change_required, false);
  const alone = await call('PATCH', `/api/v1/users/${free.id}`, { must_change_password: true });
  assert.equal(alone.status, 400, alone.text);
  assert.equal(alone.json.field, 'must_change_password');

  // role, team and deactivation are an admin's, as before
  const moved = await ok('PATCH', `/api/v1/users/${u.id}`, { role: 'manager', team: 'north' });
  assert.equal(moved.role, 'manager');
  assert.equal(moved.team, 'north');
  assert.equal((await ok('PATCH', `/api/v1/users/${u.id}`, { active: false })).active, false);
  const gone = await ctx.api('POST', '/api/v1/auth/login', { body: { email: 'rita@example.com', password: 'reset-pass-3' } });
  assert.equal(gone.status, 401);
});

test('the follow-up column holds won deals while their follow-up is open', async () => {
  const col = async () => (await ok('GET', '/api/v1/board?step=follow_up&limit=100')).items;
  const pending = await wonDeal('Check pending');
  const asked = await wonDeal('Asks waiting', 5);
  const settled = await wonDeal('All followed up', 2);
  const lost = await deal('Lost one');
  await ok('POST', `/api/v1/deals/${lost.id}/lose`, { reason: 'went elsewhere' });
  let items = await col();
  const ids = items.map((d) => d.id);
  assert.ok(ids.includes(pending.id), 'a check still to do');
  assert.ok(ids.includes(asked.id), 'asks not yet made');
  assert.ok(!ids.includes(settled.id), 'a check done without asks: follow-up over');
  assert.ok(!ids.includes(lost.id));
  const p = items.find((d) => d.id === pending.id);
  assert.equal(p.status, 'won');
  assert.match(p.follow_up.check_due, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(items.find((d) => d.id === asked.id).follow_up.asks_open, 2);

  for (const a of (await ok('GET', `/api/v1/asks?deal_id=${asked.id}`)).items) {
    if (a.kind === 'referral') await ok('POST', `/api/v1/asks/${a.id}/done`);
    else await ok('POST', `/api/v1/asks/${a.id}/decline`, { reason: 'single site' });
  }
  items = await col();
  assert.ok(!items.some((d) => d.id === asked.id), 'every ask made or declined: off the column');
  // the other columns hold open deals only
  const engage = (await ok('GET', '/api/v1/board?step=engage&limit=100')).items;
  assert.ok(engage.length > 0 && engage.every((d) => d.status === 'open'));
});

test('the board filters, searches and pages a column on the server', async () => {
  const acct = await ok('POST', '/api/v1/accounts', { name: 'Initech Board' });
  const mk = async (title, extra) => {
    const c = await ok('POST', '/api/v1/contacts', { name: `${title} person`, account_id: acct.id });
    return ok('POST', '/api/v1/deals', { title, account_id: acct.id, contact_id: c.id, next_step: { what: 'call', due: day(5) }, ...extra });
  };
  const month = day(40).slice(0, 7);
  const small = await mk('Filter small', { value: 100, close_date: `${month}-10` });
  const big = await mk('Filter big', { value: 50000, close_date: `${month}-20` });
  // a promise made ten days ago for four days ago: overdue now
  const lateContact = await ok('POST', '/api/v1/contacts', { name: 'Filter late person', account_id: acct.id });
  const made = spawnSync(BIN, ['--db', ctx.db, '--json', 'deal', 'add', 'Filter late', '--account', String(acct.id),
    '--contact', String(lateContact.id), '--value', '900', '--next', 'send the quote', '--due', day(-4)],
  { encoding: 'utf8', env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: day(-10) } });
  assert.equal(made.status, 0, made.stderr);
  const late = (await ok('GET', '/api/v1/deals?q=Filter%20late')).items[0];
  const bare = await mk('Filter percent_% bare', { value: 300 });
  await ok('POST', `/api/v1/deals/${bare.id}/next-step/done`, undefined, [200, 201, 204]);
  const board = async (q) => ok('GET', `/api/v1/board?step=engage&limit=100&${q}`);
  const titles = async (q) => (await board(q)).items.map((d) => d.title).filter((t) => t.startsWith('Filter')).sort();

  assert.deepEqual(await titles(`close_month=${month}`), ['Filter big', 'Filter small']);
  assert.deepEqual(await titles('value_min=50000'), ['Filter big']);
  assert.deepEqual(await titles('value_min=200&value_max=1000'), ['Filter late', 'Filter percent_% bare']);
  assert.deepEqual(await titles('overdue=true'), ['Filter late']);
  assert.deepEqual(await titles('no_next_step=true'), ['Filter percent_% bare']);
  assert.deepEqual(await titles('stalled=true'), [], 'nothing has been in its step 14 days');
  assert.deepEqual(await titles('q=FILTER%20B'), ['Filter big']);
  assert.deepEqual(await titles('q=initech%20board'), ['Filter big', 'Filter late', 'Filter percent_% bare', 'Filter small'], 'the account name matches');
  assert.deepEqual(await titles('q=small%20person'), ['Filter small'], 'the contact name matches');
  assert.deepEqual(await titles('q=_%25'), ['Filter percent_% bare'], 'wildcards are literal');
  assert.deepEqual(await titles('q=nothing-like-this'), []);
  const me = (await ok('GET', '/api/v1/auth/me')).user;
  assert.equal((await board(`owner_id=${me.id}&close_month=${month}`)).count, 2);
  assert.equal((await board('owner_id=999999&close_month=' + month)).count, 0);

  // pages: newest first, a cursor to the next, the count of the whole column
  const first = await ok('GET', '/api/v1/board?step=engage&q=filter&limit=3');
  assert.equal(first.count, 4);
  assert.deepEqual(first.items.map((d) => d.id), [bare.id, late.id, big.id]);
  assert.ok(first.next_cursor);
  const second = await ok('GET', `/api/v1/board?step=engage&q=filter&limit=3&cursor=${first.next_cursor}`);
  assert.deepEqual(second.items.map((d) => d.id), [small.id]);
  assert.equal(second.next_cursor, null);

  for (const [q, field] of [['close_month=2026-13', 'close_month'], ['value_min=lots', 'value_min'],
    ['stalled=yes', 'stalled'], ['limit=101', 'limit'], ['cursor=abc', 'cursor'], ['q=' + 'x'.repeat(201), 'q']]) {
    const r = await call('GET', `/api/v1/board?step=engage&${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.json.field, field, q);
  }
  const noStep = await call('GET', '/api/v1/board');
  assert.equal(noStep.status, 400);
  const unknown = await call('GET', '/api/v1/board?step=nope');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.field, 'step');
  const noProcess = await call('GET', '/api/v1/board?step=engage&process=nope');
  assert.equal(noProcess.status, 400);
  assert.equal(noProcess.json.field, 'process');
});

test('a value filter reads each deal in its own currency', async () => {
  const acct = await ok('POST', '/api/v1/accounts', { name: 'Currency Board' });
  const mk = async (title, value, currency) => {
    const c = await ok('POST', '/api/v1/contacts', { name: `${title} person`, account_id: acct.id });
    return ok('POST', '/api/v1/deals', { title, value, currency, account_id: acct.id, contact_id: c.id, next_step: { what: 'call', due: day(5) } });
  };
  await mk('Curr yen', 30000, 'JPY');
  await mk('Curr dinar', 1.5, 'KWD');
  await mk('Curr euro', 30000, 'EUR');
  const titles = async (q) => (await ok('GET', `/api/v1/board?step=engage&limit=100&q=curr&${q}`)).items.map((d) => d.title).sort();
  // 30,000 yen is 30,000 minor units, 30,000 euros 3,000,000
  assert.deepEqual(await titles('value_min=20000&value_max=40000'), ['Curr euro', 'Curr yen']);
  assert.deepEqual(await titles('value_min=1.5&value_max=1.5'), ['Curr dinar'], 'KWD 1.500, three decimals');
  assert.deepEqual(await titles('value_min=1.4995'), ['Curr dinar', 'Curr euro', 'Curr yen'], 'a bound finer than a currency rounds the right way');
  assert.deepEqual(await titles('value_max=1.4995'), []);
  assert.deepEqual(await titles(`value_min=${encodeURIComponent('JPY 10000')}`), ['Curr yen'], 'a bound that names its currency keeps that currency');
  const neg = await call('GET', '/api/v1/board?step=engage&value_min=-5');
  assert.equal(neg.status, 400, neg.text);
  assert.match(neg.json.detail, /negative/);
});
