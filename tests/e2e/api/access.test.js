// The access matrix of SPEC.md §5.2 over HTTP: reps A and B in team north,
// rep C in team south, the manager of north, the admin, and the admin of a
// second organisation on the same database, × records owned by each
// (accounts, contacts, deals and the wants, fits, interactions, next steps
// and checks that hang off deals) × read (GET one, list) and write (PATCH,
// advance, lose, DELETE). 404 for what the caller may not see, 403 for what
// they see but may not do, success otherwise; organisations never see each
// other, not even through list filters or references.
// Run alone: node --test tests/e2e/api/access.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, runOk, setup, setPassword, tokenFor } = require('./helper');

const PW = 'access password 123';
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

test('access matrix', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const people = {
    repA: { email: 'a@north.example', role: 'rep', team: 'north' },
    repB: { email: 'b@north.example', role: 'rep', team: 'north' },
    repC: { email: 'c@south.example', role: 'rep', team: 'south' },
    mgr: { email: 'm@north.example', role: 'manager', team: 'north' },
  };
  for (const [name, p] of Object.entries(people)) {
    runOk(ctx.db, ['user', 'add', '--email', p.email, '--name', name, '--role', p.role, '--team', p.team]);
    setPassword(ctx.db, p.email, PW);
  }
  runOk(ctx.db, ['init', '--org', 'Other', '--admin-email', 'boss@other.example', '--admin-name', 'Other Boss']);
  runOk(ctx.db, ['--as', 'boss@other.example', 'user', 'passwd', 'boss@other.example'], PW + '\n');

  const tok = { admin: await tokenFor(ctx, ADMIN.email, ADMIN.password), other: await tokenFor(ctx, 'boss@other.example', PW) };
  for (const [name, p] of Object.entries(people)) tok[name] = await tokenFor(ctx, p.email, PW);
  const as = (who) => (method, p, body, headers) => ctx.api(method, p, { token: tok[who], body, headers });
  const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };

  // An offering per organisation, for the fits.
  const offering = {
    org1: ok(await as('admin')('POST', '/api/v1/offerings', { name: 'Toolkit' }), 201),
    org2: ok(await as('other')('POST', '/api/v1/offerings', { name: 'Their kit' }), 201),
  };

  // Records owned by each of repA, repB, repC, and the other organisation.
  const owners = ['repA', 'repB', 'repC', 'other'];
  const rec = {};
  for (const o of owners) {
    const api = as(o);
    const r = {};
    r.accounts = ok(await api('POST', '/api/v1/accounts', { name: `${o} account` }), 201);
    r.contacts = ok(await api('POST', '/api/v1/contacts', { name: `${o} contact`, account_id: r.accounts.id }), 201);
    const deal = { title: `${o} deal`, account_id: r.accounts.id, contact_id: r.contacts.id, value: 1000, next_step: { what: 'call', due: inDays(3) } };
    r.deals = ok(await api('POST', '/api/v1/deals', deal), 201);
    r.wants = ok(await api('POST', '/api/v1/wants', { deal_id: r.deals.id, kind: 'objective', text: 'save time' }), 201);
    r.fits = ok(await api('POST', '/api/v1/fits', { want_id: r.wants.id, offering_id: (o === 'other' ? offering.org2 : offering.org1).id, how: 'it saves time' }), 201);
    r.interactions = ok(await api('POST', '/api/v1/interactions', { kind: 'call', deal_id: r.deals.id, agreement: false }), 201);
    r['next-steps'] = ok(await api('POST', '/api/v1/next-steps', { deal_id: r.deals.id, what: 'demo', due: inDays(4) }), 201);
    const won = ok(await api('POST', '/api/v1/deals', { ...deal, title: `${o} won deal` }), 201);
    // a forced win too needs the customer's wants (R3)
    ok(await api('POST', '/api/v1/wants', { deal_id: won.id, kind: 'objective', text: 'go live' }), 201);
    ok(await as(o === 'other' ? 'other' : 'admin')('POST', `/api/v1/deals/${won.id}/win`, { force: true, reason: 'signed' }), 200);
    r.checks = ok(await api('POST', '/api/v1/checks', { deal_id: won.id, score: 3 }), 201);
    r.won = won;
    rec[o] = r;
  }

  // Who sees whose records.
  const sees = {
    repA: ['repA'], repB: ['repB'], repC: ['repC'],
    mgr: ['repA', 'repB'], admin: ['repA', 'repB', 'repC'], other: ['other'],
  };
  const readers = Object.keys(sees);
  const kinds = ['accounts', 'contacts', 'deals', 'wants', 'fits', 'interactions', 'next-steps', 'checks'];

  await t.test('read: GET one is 200 for what the caller sees and 404 otherwise; lists hold exactly that', async () => {
    for (const reader of readers) {
      const api = as(reader);
      for (const kind of kinds) {
        const list = ok(await api('GET', `/api/v1/${kind}?limit=1000`), 200);
        const ids = new Set(list.items.map((i) => i.id));
        for (const o of owners) {
          const id = rec[o][kind].id;
          const visible = sees[reader].includes(o);
          const r = await api('GET', `/api/v1/${kind}/${id}`);
          assert.equal(r.status, visible ? 200 : 404, `${reader} GET ${kind} of ${o}: ${r.text}`);
          if (!visible) assert.equal(r.headers.get('content-type'), 'application/problem+json');
          assert.equal(ids.has(id), visible, `${reader} lists ${kind} of ${o}`);
        }
      }
    }
  });

  await t.test('deal sub-resources follow the deal: history, and the deal\'s records in its detail', async () => {
    for (const reader of readers) {
      for (const o of owners) {
        const r = await as(reader)('GET', `/api/v1/deals/${rec[o].deals.id}/history`);
        assert.equal(r.status, sees[reader].includes(o) ? 200 : 404, `${reader} history of ${o}`);
      }
    }
  });

  await t.test('write: PATCH, advance and DELETE are 404 for the unseen and succeed for the seen', async () => {
    for (const reader of readers) {
      const api = as(reader);
      for (const o of owners) {
        const visible = sees[reader].includes(o);
        const want = visible ? [200] : [404];
        let r = await api('PATCH', `/api/v1/accounts/${rec[o].accounts.id}`, { industry: `by ${reader}` });
        assert.ok(want.includes(r.status), `${reader} PATCH account of ${o}: ${r.status} ${r.text}`);
        r = await api('PATCH', `/api/v1/contacts/${rec[o].contacts.id}`, { title: `by ${reader}` });
        assert.ok(want.includes(r.status), `${reader} PATCH contact of ${o}: ${r.status}`);
        r = await api('PATCH', `/api/v1/deals/${rec[o].deals.id}`, { value: 1001 });
        assert.ok(want.includes(r.status), `${reader} PATCH deal of ${o}: ${r.status}`);
        r = await api('PATCH', `/api/v1/wants/${rec[o].wants.id}`, { importance: 4 });
        assert.ok(want.includes(r.status), `${reader} PATCH want of ${o}: ${r.status}`);
        r = await api('PATCH', `/api/v1/fits/${rec[o].fits.id}`, { how: `by ${reader}` });
        assert.ok(want.includes(r.status), `${reader} PATCH fit of ${o}: ${r.status}`);
        // advance without force: a rule may refuse (422) what the caller sees
        r = await api('POST', `/api/v1/deals/${rec[o].deals.id}/advance`);
        assert.ok(visible ? [200, 422].includes(r.status) : r.status === 404, `${reader} advance ${o}: ${r.status}`);
        r = await api('PUT', `/api/v1/deals/${rec[o].deals.id}/next-step`, { what: `next by ${reader}`, due: inDays(6) });
        assert.ok(want.includes(r.status), `${reader} next step of ${o}: ${r.status}`);
        r = await api('POST', '/api/v1/interactions', { kind: 'email', deal_id: rec[o].deals.id, agreement: false });
        assert.equal(r.status, visible ? 201 : [400, 404].includes(r.status) ? r.status : -1, `${reader} logs a call on ${o}'s deal: ${r.text}`);
        r = await api('POST', '/api/v1/wants', { deal_id: rec[o].deals.id, kind: 'issue', text: 'x' });
        assert.ok(visible ? r.status === 201 : [400, 404].includes(r.status), `${reader} adds a want to ${o}'s deal: ${r.status}`);
      }
    }
  });

  await t.test('lose, reopen and DELETE by owner, team and others', async () => {
    for (const reader of readers) {
      for (const o of owners) {
        const visible = sees[reader].includes(o);
        const api = as(reader);
        let r = await api('POST', `/api/v1/deals/${rec[o].deals.id}/lose`, { reason: 'no budget' });
        assert.equal(r.status, visible ? 200 : 404, `${reader} lose ${o}: ${r.text}`);
        r = await api('POST', `/api/v1/deals/${rec[o].deals.id}/reopen`);
        assert.equal(r.status, visible ? 200 : 404, `${reader} reopen ${o}: ${r.text}`);
        const spare = ok(await as(o)('POST', '/api/v1/accounts', { name: `spare of ${o}` }), 201);
        r = await api('DELETE', `/api/v1/accounts/${spare.id}`);
        assert.equal(r.status, visible ? 204 : 404, `${reader} DELETE account of ${o}`);
        if (!visible) ok(await as(o)('DELETE', `/api/v1/accounts/${spare.id}`), 204);
      }
    }
  });

  await t.test('403 for what the caller sees but may not do', async () => {
    const rep = as('repA'), mgr = as('mgr'), admin = as('admin');
    const proc = ok(await rep('GET', '/api/v1/processes'), 200).items[0].key;
    const body = ok(await rep('GET', `/api/v1/processes/${proc}`), 200);
    const cases = [
      [rep, 'PATCH', `/api/v1/offerings/${offering.org1.id}`, { name: 'Mine now' }],
      [rep, 'DELETE', `/api/v1/offerings/${offering.org1.id}`],
      [rep, 'POST', '/api/v1/offerings', { name: 'Rogue' }],
      [rep, 'POST', '/api/v1/users', { email: 'x@north.example', name: 'X' }],
      [rep, 'PATCH', `/api/v1/users/${ok(await rep('GET', '/api/v1/users?email=b%40north.example'), 200).items[0].id}`, { team: 'south' }],
      [mgr, 'POST', '/api/v1/users', { email: 'y@north.example', name: 'Y' }],
      [rep, 'POST', `/api/v1/deals/${rec.repA.deals.id}/advance`, { force: true, reason: 'hurry' }],
      [rep, 'POST', `/api/v1/deals/${rec.repA.deals.id}/win`, { force: true, reason: 'hurry' }],
      [mgr, 'POST', '/api/v1/processes', { ...body, key: 'mgr-made', name: 'Mgr' }],
      [mgr, 'PUT', `/api/v1/processes/${proc}`, body],
      [rep, 'PUT', `/api/v1/processes/${proc}`, body],
    ];
    for (const [api, method, p, b] of cases) {
      const r = await api(method, p, b);
      assert.equal(r.status, 403, `${method} ${p}: ${r.text}`);
      assert.equal(r.json.type, 'https://fulcrum.invalid/problems/forbidden');
    }
    // and what they may: a rep reads offerings and users, a manager forces a move
    ok(await rep('GET', `/api/v1/offerings/${offering.org1.id}`), 200);
    ok(await rep('GET', '/api/v1/users'), 200);
    ok(await mgr('POST', `/api/v1/deals/${rec.repB.deals.id}/advance`, { force: true, reason: 'coached' }), 200);
    ok(await admin('PATCH', `/api/v1/offerings/${offering.org1.id}`, { description: 'ours' }), 200);
    // nothing changed by the refusals
    const off = ok(await rep('GET', `/api/v1/offerings/${offering.org1.id}`), 200);
    assert.equal(off.name, 'Toolkit');
    assert.equal(ok(await rep('GET', '/api/v1/users?email=b%40north.example'), 200).items[0].team, 'north');
  });

  await t.test('organisations never see each other', async () => {
    const mine = as('admin'), theirs = rec.other;
    for (const kind of kinds) {
      const id = theirs[kind].id;
      assert.equal((await mine('GET', `/api/v1/${kind}/${id}`)).status, 404, kind);
      // list filters with the other org's ids find nothing
      const list = ok(await mine('GET', `/api/v1/${kind}?id=${id}`), 200);
      assert.deepEqual(list.items, [], `${kind}?id=${id}`);
    }
    for (const [kind, body] of [['accounts', { name: 'x' }], ['contacts', { name: 'x' }], ['deals', { value: 1 }], ['wants', { text: 'x' }], ['fits', { how: 'x' }]]) {
      assert.equal((await mine('PATCH', `/api/v1/${kind}/${theirs[kind].id}`, body)).status, 404, kind);
    }
    for (const kind of ['accounts', 'contacts', 'wants', 'fits']) {
      assert.equal((await mine('DELETE', `/api/v1/${kind}/${theirs[kind].id}`)).status, 404, kind);
    }
    for (const action of ['advance', 'win', 'lose', 'reopen']) {
      const body = { advance: { force: true, reason: 'x' }, win: { force: true, reason: 'x' }, lose: { reason: 'x' }, reopen: {} }[action];
      const r = await mine('POST', `/api/v1/deals/${theirs.deals.id}/${action}`, body);
      assert.equal(r.status, 404, action);
    }
    assert.equal((await mine('GET', `/api/v1/deals/${theirs.deals.id}/history`)).status, 404);
    assert.equal((await mine('PUT', `/api/v1/deals/${theirs.deals.id}/next-step`, { what: 'x', due: inDays(1) })).status, 404);
    assert.equal((await mine('GET', `/api/v1/offerings/${offering.org2.id}`)).status, 404);
    assert.equal((await mine('PATCH', `/api/v1/offerings/${offering.org2.id}`, { name: 'x' })).status, 404);
    const theirAdmin = ok(await as('other')('GET', '/api/v1/users'), 200).items[0];
    assert.equal((await mine('GET', `/api/v1/users/${theirAdmin.id}`)).status, 404);
    assert.equal((await mine('PATCH', `/api/v1/users/${theirAdmin.id}`, { name: 'x' })).status, 404);
    // list filters on references of the other org leak nothing
    for (const [kind, filter] of [['contacts', `account_id=${theirs.accounts.id}`], ['deals', `account_id=${theirs.accounts.id}`],
      ['wants', `deal_id=${theirs.deals.id}`], ['fits', `offering_id=${offering.org2.id}`], ['deals', `owner_id=${theirAdmin.id}`],
      ['checks', `deal_id=${theirs.won.id}`], ['interactions', `deal_id=${theirs.deals.id}`]]) {
      const list = ok(await mine('GET', `/api/v1/${kind}?${filter}`), 200);
      assert.deepEqual(list.items, [], `${kind}?${filter}`);
    }
    const users = ok(await mine('GET', '/api/v1/users?limit=1000'), 200).items.map((u) => u.email);
    assert.ok(!users.includes('boss@other.example'));
    const search = ok(await mine('GET', '/api/v1/accounts?q=other'), 200);
    assert.deepEqual(search.items, []);
    // references to the other org's records are refused and create nothing
    const before = ok(await mine('GET', '/api/v1/contacts?limit=1000'), 200).items.length;
    let r = await mine('POST', '/api/v1/contacts', { name: 'Spy', account_id: theirs.accounts.id });
    assert.ok([400, 404].includes(r.status), r.text);
    r = await mine('POST', '/api/v1/wants', { deal_id: theirs.deals.id, kind: 'issue', text: 'x' });
    assert.ok([400, 404].includes(r.status), r.text);
    r = await mine('POST', '/api/v1/fits', { want_id: rec.repA.wants.id, offering_id: offering.org2.id, how: 'x' });
    assert.ok([400, 404].includes(r.status), r.text);
    assert.equal(ok(await mine('GET', '/api/v1/contacts?limit=1000'), 200).items.length, before);
    // and the other way round
    assert.equal((await as('other')('GET', `/api/v1/deals/${rec.repA.deals.id}`)).status, 404);
    assert.ok(!ok(await as('other')('GET', '/api/v1/deals?limit=1000'), 200).items.some((d) => d.id === rec.repA.deals.id));
  });
});

// Who may give a record away (rule "record-owner"), the organisation's last
// admin (rule "last-admin"), and e-mail addresses that differ only in case.
test('owners, the last admin and e-mail addresses', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const people = {
    rep: { email: 'r1@north.example', role: 'rep', team: 'north' },
    mate: { email: 'r2@north.example', role: 'rep', team: 'north' },
    mgr: { email: 'm@north.example', role: 'manager', team: 'north' },
  };
  for (const [name, p] of Object.entries(people)) {
    runOk(ctx.db, ['user', 'add', '--email', p.email, '--name', name, '--role', p.role, '--team', p.team]);
    setPassword(ctx.db, p.email, PW);
  }
  const tok = { admin: await tokenFor(ctx, ADMIN.email, ADMIN.password) };
  for (const [name, p] of Object.entries(people)) tok[name] = await tokenFor(ctx, p.email, PW);
  const as = (who) => (method, p, body, headers) => ctx.api(method, p, { token: tok[who], body, headers });
  const ok = (r, status) => { assert.equal(r.status, status, r.text); return r.json; };
  const users = ok(await as('admin')('GET', '/api/v1/users?limit=100'), 200).items;
  const idOf = (email) => users.find((u) => u.email === email).id;

  await t.test('a rep neither clears nor hands away the owner of a record', async () => {
    const rep = as('rep');
    const account = ok(await rep('POST', '/api/v1/accounts', { name: 'Kept' }), 201);
    const contact = ok(await rep('POST', '/api/v1/contacts', { name: 'Kim', account_id: account.id }), 201);
    const deal = ok(await rep('POST', '/api/v1/deals', {
      title: 'Kept deal', account_id: account.id, contact_id: contact.id,
      next_step: { what: 'call', due: inDays(2) },
    }), 201);
    for (const [kind, rec] of [['accounts', account], ['contacts', contact], ['deals', deal]]) {
      for (const owner of [null, idOf(people.mate.email)]) {
        const r = await rep('PATCH', `/api/v1/${kind}/${rec.id}`, { owner_id: owner });
        assert.ok([400, 403].includes(r.status), `${kind} owner ${owner}: ${r.status} ${r.text}`);
        assert.equal(r.json.field, 'owner_id', r.text);
        if (r.status === 403) assert.match(r.json.detail, /record-owner/);
        const now = ok(await rep('GET', `/api/v1/${kind}/${rec.id}`), 200);
        assert.equal(now.owner_id, idOf(people.rep.email), `${kind} still the rep's`);
      }
    }
    // the mate still does not see it: the record did not become everyone's
    assert.equal((await as('mate')('GET', `/api/v1/accounts/${account.id}`)).status, 404);
    // a deal always has an owner, whoever asks
    const r = await as('admin')('PATCH', `/api/v1/deals/${deal.id}`, { owner_id: null });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.field, 'owner_id');
    // a manager reassigns within the team, an admin anywhere or to nobody
    ok(await as('mgr')('PATCH', `/api/v1/deals/${deal.id}`, { owner_id: idOf(people.mate.email) }), 200);
    ok(await as('mgr')('PATCH', `/api/v1/accounts/${account.id}`, { owner_id: idOf(people.mate.email) }), 200);
    assert.equal((await as('mate')('GET', `/api/v1/accounts/${account.id}`)).status, 200);
    const mgrClears = await as('mgr')('PATCH', `/api/v1/contacts/${contact.id}`, { owner_id: null });
    assert.equal(mgrClears.status, 403, mgrClears.text);
    assert.match(mgrClears.json.detail, /record-owner/);
    ok(await as('admin')('PATCH', `/api/v1/contacts/${contact.id}`, { owner_id: null }), 200);
    // the CLI follows the same rule
    const cli = ctx.cli(['--as', people.rep.email, 'account', 'edit', String(
      ok(await rep('POST', '/api/v1/accounts', { name: 'Also kept' }), 201).id),
    '--owner', people.mate.email]);
    assert.notEqual(cli.status, 0);
    assert.match(cli.stderr, /record-owner/);
  });

  await t.test('the last active admin is neither demoted nor deactivated', async () => {
    const admin = as('admin');
    const me = idOf(ADMIN.email);
    for (const body of [{ role: 'manager' }, { role: 'rep' }, { active: false }]) {
      const cur = await admin('GET', `/api/v1/users/${me}`);
      const r = await admin('PATCH', `/api/v1/users/${me}`, body, { 'If-Match': cur.headers.get('etag') });
      assert.equal(r.status, 409, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.json.detail, /last-admin/);
    }
    for (const args of [['--role', 'rep'], ['--active', 'false']]) {
      const r = ctx.cli(['user', 'edit', ADMIN.email, ...args]);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, /last-admin/);
    }
    const still = ok(await admin('GET', `/api/v1/users/${me}`), 200);
    assert.equal(still.role, 'admin');
    assert.equal(still.active, true);
    // with a second admin the first may step down
    runOk(ctx.db, ['user', 'edit', people.mgr.email, '--role', 'admin']);
    runOk(ctx.db, ['--as', people.mgr.email, 'user', 'edit', ADMIN.email, '--role', 'manager']);
    const r = ctx.cli(['--as', people.mgr.email, 'user', 'edit', people.mgr.email, '--active', 'false']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /last-admin/);
    runOk(ctx.db, ['--as', people.mgr.email, 'user', 'edit', ADMIN.email, '--role', 'admin']);
  });

  await t.test('e-mail addresses of users ignore case', async () => {
    const admin = as('admin');
    const made = ok(await admin('POST', '/api/v1/users', { email: 'Case.Person@North.Example', name: 'Case' }), 201);
    assert.equal(made.email, 'case.person@north.example');
    for (const email of ['case.person@north.example', 'CASE.PERSON@NORTH.EXAMPLE']) {
      const r = await admin('POST', '/api/v1/users', { email, name: 'Twin' });
      assert.equal(r.status, 409, r.text);
    }
    let r = ctx.cli(['user', 'add', '--email', 'Case.Person@north.example', '--name', 'Twin']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /already exists/);
    // nor may another user take the address by an edit
    const other = ok(await admin('GET', `/api/v1/users/${idOf(people.mate.email)}`), 200);
    r = await admin('PATCH', `/api/v1/users/${other.id}`, { email: 'CASE.person@north.example' },
      { 'If-Match': `"${other.version}"` });
    assert.equal(r.status, 409, r.text);
    // and the user signs in whatever the case they type
    setPassword(ctx.db, 'CASE.PERSON@north.example', PW);
    const s = await ctx.login('Case.Person@NORTH.example', PW);
    assert.equal(s.user.id, made.id);
  });
});

// A refusal by the database reads in the user's words on both backends:
// no SQL, no backend's name, no constraint's name.
test('conflicts never show SQL', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const api = (method, p, body, headers) => ctx.api(method, p, { token, body, headers });
  const clean = (text, what) => {
    for (const word of [/sqlite/i, /constraint/i, /SQL/, /duplicate key/i, /violates/i, /postgres/i]) {
      assert.doesNotMatch(text, word, `${what}: ${text}`);
    }
  };
  runOk(ctx.db, ['user', 'add', '--email', 'taken@example.com', '--name', 'Taken']);
  const spare = (await api('POST', '/api/v1/users', { email: 'spare@example.com', name: 'Spare' })).json;

  const answers = [
    ['duplicate e-mail', await api('POST', '/api/v1/users', { email: 'taken@example.com', name: 'Again' }), 409],
    ['duplicate e-mail by an edit', await api('PATCH', `/api/v1/users/${spare.id}`, { email: 'taken@example.com' },
      { 'If-Match': `"${spare.version}"` }), 409],
  ];
  const account = (await api('POST', '/api/v1/accounts', { name: 'Acme' })).json;
  const contact = (await api('POST', '/api/v1/contacts', { name: 'Cy', account_id: account.id })).json;
  const deal = (await api('POST', '/api/v1/deals', {
    title: 'D', account_id: account.id, contact_id: contact.id, next_step: { what: 'call', due: inDays(1) },
  })).json;
  answers.push(['a deal without an owner', await api('PATCH', `/api/v1/deals/${deal.id}`, { owner_id: null }), 400]);
  for (const [what, r, status] of answers) {
    assert.equal(r.status, status, `${what}: ${r.text}`);
    clean(r.text, what);
  }
  assert.match(answers[0][1].json.detail, /user .*e-mail.* already exists/);
  // the backend's own words go to the server's log, for the operator
  assert.match(ctx.server.stderr, /fulcrum: POST \/api\/v1\/users: .*(UNIQUE|unique)/);
  // the CLI says the same
  for (const args of [['user', 'add', '--email', 'TAKEN@example.com', '--name', 'Again'],
    ['user', 'edit', 'spare@example.com', '--email', 'taken@example.com']]) {
    const r = ctx.cli(args);
    assert.notEqual(r.status, 0, args.join(' '));
    clean(r.stderr + r.stdout, args.join(' '));
    assert.match(r.stderr, /already exists/);
  }
});
