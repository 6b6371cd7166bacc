// Lead forms against the real server (core/form.h, docs/forms.md): an admin
// makes a form; the page at /forms/{key} is plain HTML; posts to
// /forms/{key}/submit, form-encoded or JSON and without a session, create or
// update the contact (same e-mail: updated) with source web and the need they
// typed, on the lead owner's agenda, with the post in its history. Spam and
// bad input (the honeypot, too many posts from one address, an oversize
// post, an origin the form does not allow) get a 4xx and store nothing: the
// tables are counted before and after. Each test posts from its own client
// address (X-Forwarded-For through --trusted-proxy), so the limit per
// address is the rate-limit test's alone.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, api, setup, startServer, stopServer, tokenFor } = require('./helper');
const { sqlRows } = require('../lib/sql.js');

const SITE = 'https://www.example.com';

async function forms(t) {
  const ctx = await setup(['--trusted-proxy', '127.0.0.1,::1']);
  t.after(() => ctx.close());
  for (const [email, name, team] of [['rita@example.com', 'Rita Rep', 'west'],
    ['sam@example.com', 'Sam Seller', 'west']]) {
    const r = ctx.cli(['user', 'add', '--email', email, '--name', name, '--role', 'rep', '--team', team]);
    assert.equal(r.status, 0, r.stderr);
  }
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const A = (method, p, body) => ctx.api(method, p, { token, body });
  const users = (await A('GET', '/api/v1/users')).json.items;
  const rita = users.find((u) => u.email === 'rita@example.com').id;
  const sam = users.find((u) => u.email === 'sam@example.com').id;
  const counts = () => Object.fromEntries(['contacts', 'accounts', 'events'].map((tb) =>
    [tb, Number(sqlRows(ctx.db, `SELECT COUNT(*) FROM ${tb}`)[0][0])]));
  let n = 0;
  // a post from client address FROM (a new one each time unless given)
  const post = (key, body, { from, headers = {}, form = false } = {}) => ctx.api('POST', `/forms/${key}/submit`, {
    body: form ? new URLSearchParams(body).toString() : body,
    headers: {
      'X-Forwarded-For': from || `198.51.100.${++n}`,
      ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
  });
  const make = async (def) => {
    const r = await A('POST', '/api/v1/forms', def);
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  return { ctx, token, A, rita, sam, counts, post, make };
}

test('an admin makes a form; its rules refuse what cannot work', async (t) => {
  const { ctx, A, rita, make } = await forms(t);
  const f = await make({ title: 'Contact us', fields: ['name', 'email', 'need'], required: ['email'],
    lead_owner_id: rita, origins: [SITE] });
  assert.match(f.key, /^[A-Za-z0-9_-]{22}$/, 'a URL-safe random key');
  assert.deepEqual(f.origins, [SITE]);
  const g = await make({ title: 'Another', fields: ['email'], lead_owner_id: rita });
  assert.notEqual(g.key, f.key);
  assert.deepEqual(g.required, []);
  for (const [bad, rule] of [
    [{ title: 'x', fields: ['email', 'shoe_size'], lead_owner_id: rita }, /no field 'shoe_size'/],
    [{ title: 'x', fields: ['phone'], lead_owner_id: rita }, /'name' or 'email'/],
    [{ title: 'x', fields: ['email'], required: ['name'], lead_owner_id: rita }, /required field/],
    [{ title: 'x', fields: ['email'] }, /one user .* or to a team/],
    [{ title: 'x', fields: ['email'], lead_owner_id: rita, team: 'west' }, /one of the two/],
    [{ title: 'x', fields: ['email'], team: 'nobody' }, /no active user/],
    [{ title: 'x', fields: ['email'], lead_owner_id: rita, origins: ['https://example.com/contact'] }, /no web origin/],
    [{ title: 'x', fields: ['email'], lead_owner_id: rita, origins: ['*'] }, /no web origin/],
  ]) {
    const r = await A('POST', '/api/v1/forms', bad);
    assert.equal(r.status, 422, `${JSON.stringify(bad)}: ${r.text}`);
    assert.equal(r.json.rule, 'form');
    assert.match(r.json.detail, rule);
  }
  const r = await A('POST', '/api/v1/forms', { title: 'x', fields: ['email'], lead_owner_id: rita, key: 'mine' });
  assert.equal(r.status, 400, 'the key is Fulcrum\'s to make');
  // the leads go to one user or to a team, never both
  let moved = await A('PATCH', `/api/v1/forms/${f.id}`, { team: 'west' });
  assert.equal(moved.status, 422);
  moved = await A('PATCH', `/api/v1/forms/${f.id}`, { team: 'west', lead_owner_id: null });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.team, 'west');
  assert.equal(moved.json.lead_owner_id, null);
  // everyone reads forms (their keys are public anyway); only admins make them
  assert.equal(ctx.cli(['--as', 'rita@example.com', 'form', 'list']).status, 0);
  const rep = ctx.cli(['--as', 'rita@example.com', 'form', 'add', '--title', 'Mine', '--fields', 'email',
    '--owner', 'rita@example.com']);
  assert.equal(rep.status, 1);
  assert.match(rep.stderr, /only admins change forms/);
  assert.equal((await A('DELETE', `/api/v1/forms/${g.id}`)).status, 204);
  assert.equal((await ctx.api('GET', `/forms/${g.key}`)).status, 404);
});

test('the page is a plain HTML form; posts create and update the contact', async (t) => {
  const { ctx, token, A, rita, counts, post, make } = await forms(t);
  const f = await make({ title: 'Talk to us', fields: ['name', 'email', 'phone', 'company', 'need', 'message'],
    required: ['email'], lead_owner_id: rita, origins: [SITE], thanks: 'Thank you, we will call.' });

  const page = await ctx.api('GET', `/forms/${f.key}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.text, new RegExp(`<form method="post" action="/forms/${f.key}/submit"`));
  assert.match(page.text, /<label for="fulcrum-email">E-mail \(required\)<\/label><input type="email" id="fulcrum-email" name="email"[^>]* required>/);
  assert.match(page.text, /<textarea id="fulcrum-need" name="need"/);
  assert.match(page.text, /name="website_url" tabindex="-1"/, 'the honeypot');
  assert.doesNotMatch(page.text, /<script/i);
  assert.match(page.headers.get('content-security-policy'), new RegExp(`frame-ancestors 'self' ${SITE}`));
  assert.equal((await ctx.api('GET', '/forms/no-such-form')).status, 404);

  const before = counts();
  const r = await post(f.key, { name: 'Grace Hopper', email: 'grace@navy.mil', phone: '+1 555 0100',
    company: 'US Navy', need: 'a compiler for business', message: 'Call me in the morning.' }, { form: true });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.text, /Thank you, we will call\./);
  const after = counts();
  assert.equal(after.contacts, before.contacts + 1);
  assert.equal(after.accounts, before.accounts + 1);

  const found = (await A('GET', '/api/v1/contacts?email=grace@navy.mil')).json.items;
  assert.equal(found.length, 1);
  const c = found[0];
  assert.equal(c.name, 'Grace Hopper');
  assert.equal(c.source, 'web');
  assert.equal(c.owner_id, rita);
  assert.equal(c.need, 'a compiler for business');
  assert.equal(c.phone, '+1 555 0100');
  assert.equal(c.timing_from, new Date().toISOString().slice(0, 10));
  const account = (await A('GET', `/api/v1/accounts/${c.account_id}`)).json;
  assert.equal(account.name, 'US Navy');
  assert.equal(account.owner_id, rita);

  // on the owner's agenda, to engage
  const ritaTok = await (async () => {
    ctx.cli(['user', 'passwd', 'rita@example.com'], 'rita password 123\n');
    return tokenFor(ctx, 'rita@example.com', 'rita password 123');
  })();
  const agenda = (await ctx.api('GET', '/api/v1/agenda', { token: ritaTok })).json;
  const items = agenda.items || agenda;
  assert.ok(items.some((i) => i.kind === 'engage' && i.contact_id === c.id), JSON.stringify(agenda));

  // the post and its origin are in the contact's history
  const ev = sqlRows(ctx.db, `SELECT action, reason, data FROM events WHERE entity = 'contact' AND entity_id = ${c.id} ORDER BY id`);
  assert.deepEqual(ev.map((e) => e[0]), ['create', 'form_submission']);
  const data = JSON.parse(ev[1][2]);
  assert.equal(data.form_key, f.key);
  assert.equal(data.new_contact, true);
  assert.equal(data.values.message, 'Call me in the morning.');
  const tl = (await ctx.api('GET', `/api/v1/contacts/${c.id}/timeline`, { token })).json.items;
  assert.ok(tl.some((i) => i.what === 'form_submission' && /Talk to us/.test(i.text)), JSON.stringify(tl));

  // the same e-mail again, as JSON from the allowed site: the contact is updated
  const again = await post(f.key, { name: 'G. Hopper', email: 'GRACE@navy.mil', need: 'training for her team' },
    { headers: { Origin: SITE } });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json, { received: true, thanks: 'Thank you, we will call.' });
  assert.equal(again.headers.get('access-control-allow-origin'), SITE);
  const later = counts();
  assert.equal(later.contacts, after.contacts, 'an e-mail match updates, it does not add');
  assert.equal(later.accounts, after.accounts);
  const updated = (await A('GET', `/api/v1/contacts/${c.id}`)).json;
  assert.equal(updated.name, 'Grace Hopper', 'the name stays');
  assert.equal(updated.need, 'training for her team');
  const ev2 = sqlRows(ctx.db, `SELECT data FROM events WHERE entity = 'contact' AND entity_id = ${c.id} AND action = 'form_submission' ORDER BY id`);
  assert.equal(ev2.length, 2);
  assert.equal(JSON.parse(ev2[1][0]).origin, SITE);
  assert.equal(JSON.parse(ev2[1][0]).new_contact, false);
});

test('spam and bad input get a 4xx and store nothing', async (t) => {
  const { make, rita, counts, post } = await forms(t);
  const f = await make({ title: 'Contact', fields: ['name', 'email', 'message'], required: ['email'],
    lead_owner_id: rita, origins: [SITE] });
  const before = counts();
  const refused = async (r, status, what) => {
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.deepEqual(counts(), before, `${what} stores nothing`);
    return r;
  };
  let r = await refused(await post(f.key, { email: 'bot@spam.example', website_url: 'http://spam.example' }), 422, 'honeypot');
  assert.equal(r.json.rule, 'form-honeypot');
  r = await refused(await post(f.key, { email: 'bot@spam.example', website_url: 'x' }, { form: true }), 422, 'honeypot, form-encoded');
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.text, /not sent/);
  r = await refused(await post(f.key, { email: 'big@example.com', message: 'x'.repeat(20000) }), 413, 'oversize JSON');
  r = await refused(await post(f.key, { email: 'big@example.com', message: 'x'.repeat(20000) }, { form: true }), 413, 'oversize form');
  assert.match(r.text, /larger than/);
  r = await refused(await post(f.key, { name: 'No Mail' }), 400, 'a required field missing');
  assert.equal(r.json.field, 'email');
  r = await refused(await post(f.key, { email: 'a@example.com', shoe: '44' }), 400, 'a field the form lacks');
  r = await refused(await post(f.key, { email: 12 }), 400, 'not text');
  r = await refused(await post(f.key, { email: 'not an address' }), 400, 'a bad e-mail');
  r = await refused(await post(f.key, 'email=a%40example.com&email=b%40example.com',
    { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'a field twice');
  r = await refused(await post(f.key, 'email=a', { headers: { 'Content-Type': 'text/plain' } }), 400, 'another type');
  r = await refused(await post('no-such-form', { email: 'a@example.com' }), 404, 'no such form');
});

test('CORS: the form\'s origins may post from a browser, others are refused', async (t) => {
  const { ctx, make, rita, counts, post } = await forms(t);
  const f = await make({ title: 'Contact', fields: ['email'], lead_owner_id: rita, origins: [SITE] });
  const pre = (origin) => ctx.api('OPTIONS', `/forms/${f.key}/submit`, {
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  let r = await pre(SITE);
  assert.equal(r.status, 204);
  assert.equal(r.headers.get('access-control-allow-origin'), SITE);
  assert.match(r.headers.get('access-control-allow-methods'), /POST/);
  assert.match(r.headers.get('access-control-allow-headers'), /Content-Type/i);
  r = await pre('https://evil.example');
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('access-control-allow-origin'), null);
  const before = counts();
  r = await post(f.key, { email: 'x@example.com' }, { headers: { Origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('access-control-allow-origin'), null);
  assert.deepEqual(counts(), before, 'a refused origin stores nothing');
  r = await post(f.key, { email: 'x@example.com' }, { headers: { Origin: 'null' } });
  assert.equal(r.status, 403);
  // its own page (same origin as Fulcrum) and a post that names no origin
  r = await post(f.key, { email: 'own@example.com' }, { form: true, headers: { Origin: ctx.url } });
  assert.equal(r.status, 200, r.text);
  r = await post(f.key, { email: 'server@example.com' });
  assert.equal(r.status, 200, r.text);
  assert.equal(counts().contacts, before.contacts + 2);
  // other routes answer no preflight
  assert.equal((await ctx.api('OPTIONS', '/api/v1/contacts', { headers: { Origin: SITE } })).status, 405);
});

test('a form asks for contact custom fields; their values are checked as any writer\'s', async (t) => {
  const { ctx, A, rita, counts, post, make } = await forms(t);
  const def = await A('POST', '/api/v1/fields', { kind: 'contact', key: 'budget', label: 'Budget', type: 'choice',
    choices: ['small', 'large'] });
  assert.equal(def.status, 201, def.text);
  const f = await make({ title: 'Quote', fields: ['email', 'custom.budget'], required: ['custom.budget'],
    lead_owner_id: rita });
  const page = await ctx.api('GET', `/forms/${f.key}`);
  assert.match(page.text, /<label for="fulcrum-custom-budget">Budget \(required\)<\/label><select id="fulcrum-custom-budget" name="custom.budget" required><option value="">Choose…<\/option><option>small<\/option><option>large<\/option><\/select>/);
  const before = counts();
  const bad = await post(f.key, { email: 'q@example.com', 'custom.budget': 'huge' });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.rule, 'custom-field');
  assert.deepEqual(counts(), before, 'nothing stored');
  const r = await post(f.key, 'email=q%40example.com&custom.budget=large',
    { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 200, r.text);
  const c = (await A('GET', '/api/v1/contacts?email=q@example.com')).json.items[0];
  assert.deepEqual(c.custom, { budget: 'large' });
  const gone = await A('POST', '/api/v1/forms', { title: 'x', fields: ['email', 'custom.nope'], lead_owner_id: rita });
  assert.equal(gone.status, 422);
});

test('too many posts from one address are refused for a while', async (t) => {
  const { make, rita, counts, post } = await forms(t);
  const f = await make({ title: 'Contact', fields: ['name', 'email'], required: ['email'], lead_owner_id: rita });
  const from = '203.0.113.9';
  const LIMIT = 20;	// FORM_ADDR_LIMIT
  for (let i = 0; i < LIMIT; i++) {
    // refused posts count too: a robot cannot probe for free
    const r = await post(f.key, { name: `Try ${i}` }, { from });
    assert.equal(r.status, 400, r.text);
  }
  const before = counts();
  let r = await post(f.key, { name: 'Real', email: 'real@example.com' }, { from });
  assert.equal(r.status, 429, r.text);
  assert.match(r.json.detail, /too many posts/);
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  r = await post(f.key, { name: 'Real', email: 'real@example.com' }, { from, form: true });
  assert.equal(r.status, 429);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.deepEqual(counts(), before, 'nothing stored');
  r = await post(f.key, { name: 'Real', email: 'real@example.com' }, { from: '203.0.113.10' });
  assert.equal(r.status, 200, 'another address still posts');
});

test('a team takes the leads in turn, across a restart', async (t) => {
  const { ctx, make, rita, sam } = await forms(t);
  const f = await make({ title: 'Contact', fields: ['email'], team: 'west' });
  const post = (base, email) => api(base, 'POST', `/forms/${f.key}/submit`, { body: { email } });
  assert.equal((await post(ctx.url, 'one@example.com')).status, 200);
  assert.equal((await post(ctx.url, 'two@example.com')).status, 200);
  await stopServer(ctx.server);
  const server = await startServer(ctx.db);
  t.after(() => stopServer(server));
  assert.equal((await post(server.url, 'three@example.com')).status, 200);
  const owners = sqlRows(ctx.db, "SELECT owner_id FROM contacts WHERE email IN ('one@example.com', "
    + "'two@example.com', 'three@example.com') ORDER BY id").map((row) => Number(row[0]));
  assert.deepEqual(owners, [rita, sam, rita]);
});
