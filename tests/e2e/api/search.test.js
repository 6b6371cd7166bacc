// GET /api/v1/search: one search over contacts, accounts, deals,
// interactions' notes, wants and next steps; words as prefixes, accents
// ignored, the title ranked above the rest, the index kept by every write,
// and never a record the caller may not see. Any text answers, never fails.
// Run alone: node --test tests/e2e/api/search.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, runOk, setPassword, setup, tokenFor, contract } = require('./helper');

const PW = 'correct horse battery';
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('search finds every kind, ranks, folds accents and follows edits', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  for (const [email, team] of [['a@north.example', 'north'], ['b@south.example', 'south']]) {
    runOk(ctx.db, ['user', 'add', '--email', email, '--name', email[0], '--role', 'rep', '--team', team]);
    setPassword(ctx.db, email, PW);
  }
  const tok = {
    admin: await tokenFor(ctx, ADMIN.email, ADMIN.password),
    repA: await tokenFor(ctx, 'a@north.example', PW),
    repB: await tokenFor(ctx, 'b@south.example', PW),
  };
  const doc = await contract(ctx.url);
  const as = (who) => async (method, p, body) => {
    const r = await ctx.api(method, p, { token: tok[who], body });
    assert.deepEqual(doc.check(method, p, r), []);
    return r;
  };
  const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };
  const find = async (who, q, extra = '') =>
    ok(await as(who)('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`), 200);
  const ids = (res, kind) => res.groups.find((g) => g.kind === kind).results.map((r) => r.id);

  const admin = as('admin');
  const acme = ok(await admin('POST', '/api/v1/accounts', { name: 'Acme Looms', domain: 'acmelooms.example' }), 201);
  const ada = ok(await admin('POST', '/api/v1/contacts', { name: 'Ada Lovelace', account_id: acme.id,
    need: 'punch cards that never jam' }), 201);
  const bob = ok(await admin('POST', '/api/v1/contacts', { name: 'Bob Smith', account_id: acme.id,
    notes: 'met him at the lovelace conference in a crowded hall with many other people' }), 201);
  const jose = ok(await admin('POST', '/api/v1/contacts', { name: 'José Núñez' }), 201);
  const deal = ok(await admin('POST', '/api/v1/deals', { title: 'Difference engine', account_id: acme.id,
    contact_id: ada.id, value: 1000, next_step: { what: 'calibrate the gearwheels', due: inDays(3) } }), 201);
  const call = ok(await admin('POST', '/api/v1/interactions', { kind: 'call', deal_id: deal.id,
    notes: 'she worries about the zeppelin freight costs', agreement: false }), 201);
  const want = ok(await admin('POST', '/api/v1/wants', { deal_id: deal.id, kind: 'objective',
    text: 'cut the weaving time in half' }), 201);

  // a word of each kind's text
  assert.deepEqual(ids(await find('admin', 'zeppelin'), 'interaction'), [call.id]);
  assert.deepEqual(ids(await find('admin', 'weaving'), 'want'), [want.id]);
  const step = await find('admin', 'gearwheels');
  assert.equal(ids(step, 'next_step').length, 1);
  assert.equal(step.groups.find((g) => g.kind === 'next_step').results[0].deal_id, deal.id);
  assert.deepEqual(ids(await find('admin', 'jam'), 'contact'), [ada.id]);
  assert.deepEqual(ids(await find('admin', 'acmelooms'), 'account'), [acme.id]);
  // a deal is found by its account's name, and shows it as its context
  const byAccount = await find('admin', 'looms', '&kind=deal');
  assert.deepEqual(byAccount.groups.map((g) => g.kind), ['deal']);
  assert.deepEqual(ids(byAccount, 'deal'), [deal.id]);
  assert.equal(byAccount.groups[0].results[0].context, 'Acme Looms');
  const hit = (await find('admin', 'zeppelin')).groups.find((g) => g.kind === 'interaction').results[0];
  assert.match(hit.snippet, /zeppelin/);
  assert.equal(hit.context, 'Difference engine');

  // prefixes, every word required, accents folded both ways
  assert.deepEqual(ids(await find('admin', 'lov'), 'contact'), [ada.id, bob.id],
    'the name ranks above a word in the notes');
  assert.deepEqual(ids(await find('admin', 'ada lov'), 'contact'), [ada.id]);
  assert.deepEqual(ids(await find('admin', 'jose nunez'), 'contact'), [jose.id]);
  assert.deepEqual(ids(await find('admin', 'NÚÑ'), 'contact'), [jose.id]);
  assert.deepEqual(ids(await find('admin', 'lovelace', '&limit=1'), 'contact'), [ada.id]);

  // the index follows edits and deletes, in the writing transaction
  ok(await admin('PATCH', `/api/v1/contacts/${bob.id}`, { notes: 'prefers e-mail' }), 200);
  assert.deepEqual(ids(await find('admin', 'lovelace'), 'contact'), [ada.id]);
  assert.deepEqual(ids(await find('admin', 'prefers'), 'contact'), [bob.id]);
  ok(await admin('PATCH', `/api/v1/accounts/${acme.id}`, { name: 'Babbage Mills' }), 200);
  assert.deepEqual(ids(await find('admin', 'babbage', '&kind=deal'), 'deal'), [deal.id],
    'a renamed account\'s deals are found by the new name');
  assert.deepEqual(ids(await find('admin', 'looms', '&kind=deal'), 'deal'), []);
  assert.equal((await admin('DELETE', `/api/v1/contacts/${jose.id}`)).status, 204);
  assert.deepEqual(ids(await find('admin', 'jose'), 'contact'), []);

  // a rep finds their own records only, not even another rep's titles
  const repA = as('repA'), repB = as('repB');
  const northAcct = ok(await repA('POST', '/api/v1/accounts', { name: 'North Quarry' }), 201);
  const northC = ok(await repA('POST', '/api/v1/contacts', { name: 'Nell Quarryman', account_id: northAcct.id }), 201);
  const northDeal = ok(await repA('POST', '/api/v1/deals', { title: 'Quarry conveyor', account_id: northAcct.id,
    contact_id: northC.id, value: 500, next_step: { what: 'quarry site visit', due: inDays(2) } }), 201);
  ok(await repA('POST', '/api/v1/interactions', { kind: 'call', deal_id: northDeal.id,
    notes: 'quarry owner wants a conveyor', agreement: false }), 201);
  ok(await repA('POST', '/api/v1/wants', { deal_id: northDeal.id, kind: 'problem', text: 'quarry dust' }), 201);
  const mine = await find('repA', 'quarry');
  for (const kind of ['contact', 'account', 'deal', 'interaction', 'want', 'next_step'])
    assert.equal(ids(mine, kind).length, 1, `repA sees their ${kind}`);
  const theirs = await find('repB', 'quarry');
  for (const g of theirs.groups)
    assert.deepEqual(g.results, [], `repB sees no ${g.kind} of repA's`);
  assert.ok(!JSON.stringify(theirs).includes('conveyor'));
  assert.deepEqual(ids(await find('admin', 'quarry'), 'deal'), [northDeal.id], 'the admin sees it');
  assert.deepEqual(ids(await find('repA', 'zeppelin'), 'interaction'), [],
    'nor does a rep see the admin\'s deal\'s notes');

  // bounds and bad input, each a clear refusal
  const bad = async (q, status, field) => {
    const r = await admin('GET', `/api/v1/search${q}`);
    assert.equal(r.status, status, r.text);
    if (field) assert.equal(r.json.field, field, r.text);
  };
  await bad('', 400, 'q');
  await bad(`?q=${'a'.repeat(201)}`, 400, 'q');
  await bad(`?q=${encodeURIComponent('a '.repeat(17))}`, 400, 'q');
  await bad('?q=x&kind=deal,robot', 400, 'kind');
  await bad('?q=x&limit=51', 400);
});

test('no text makes the search fail', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  await ctx.api('POST', '/api/v1/contacts', { token, body: { name: 'Grace "Amazing" Hopper', notes: 'NEAR AND OR NOT *' } });
  const nasty = ['"', "'", '"a', 'a"b', '*', 'a*', '^a', 'NEAR(a b)', 'a OR b', 'a AND', 'NOT', '-a', '+a',
    '(', ')', ':', 'title:a', '!', '&', '|', '<->', "'a':*", '\\', '%', '_', '—', '“grace”', '🙂', 'é',
    'a\u00adb', '\u200b', 'ＡＢＣ', 'ß', 'İ', '\u0301', 'a b c d e f g h i j k l m n o p'];
  // and deterministic pseudo-random text of printable and high bytes
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
  for (let i = 0; i < 60; i++) {
    const len = 1 + (rnd() % 30);
    let s = '';
    for (let k = 0; k < len; k++) {
      const pick = rnd() % 4;
      s += pick === 0 ? String.fromCharCode(0x21 + (rnd() % 94))
        : pick === 1 ? String.fromCharCode(0xa0 + (rnd() % 0x2000))
          : pick === 2 ? ' ' : 'gh"*()'[rnd() % 6];
    }
    nasty.push(s);
  }
  for (const q of nasty) {
    const r = await ctx.api('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token });
    if (r.status === 400) {
      // only the bounds refuse: more than 200 bytes or 16 words
      assert.match(r.json.detail, /at most (200 bytes|16 words)/, `${JSON.stringify(q)}: ${r.text}`);
      continue;
    }
    assert.equal(r.status, 200, `${JSON.stringify(q)}: ${r.text}`);
    assert.equal(r.json.groups.length, 6);
  }
  // bytes that are not UTF-8 separate words too
  const r = await ctx.api('GET', '/api/v1/search?q=gr%FF%FEace%C3', { token });
  assert.ok(r.status === 200 || r.status === 400, r.text);
  const g = await ctx.api('GET', `/api/v1/search?q=${encodeURIComponent('"grace"')}`, { token });
  assert.equal(g.json.groups[0].results.length, 1, g.text);
});
