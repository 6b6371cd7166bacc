// GET /api/v1/deals/{id} is written as text without a tree of its values
// (src/util/json-write.c): its bytes must be exactly what jansson dumps
// (JSON_COMPACT | JSON_ENSURE_ASCII) for the same object, the record's part
// exactly the deal as a list page writes it, and every key in its place.
// A deal with custom values of several types, wants, a fit, stakeholders,
// interactions and its open next step, and a won deal with its checks;
// texts with quotes, backslashes, control characters, accents and
// characters beyond U+FFFF.
// Rerun alone: node --test tests/e2e/api/deal-bytes.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor, apiOk } = require('./helper.js');

const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

// V as jansson writes it with JSON_COMPACT | JSON_ENSURE_ASCII: no spaces,
// \uXXXX (upper-case hex, UTF-16 units) for control characters but \b \f
// \n \r \t and for everything beyond ASCII, '/' and DEL as they are.
function jansson(v) {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    let s = '"';
    for (const ch of v) {
      for (let i = 0; i < ch.length; i++) {
        const c = ch.charCodeAt(i);
        if (c === 0x22) s += '\\"';
        else if (c === 0x5c) s += '\\\\';
        else if (c === 0x08) s += '\\b';
        else if (c === 0x0c) s += '\\f';
        else if (c === 0x0a) s += '\\n';
        else if (c === 0x0d) s += '\\r';
        else if (c === 0x09) s += '\\t';
        else if (c < 0x20 || c > 0x7f) s += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
        else s += ch[i];
      }
    }
    return s + '"';
  }
  if (Array.isArray(v)) return '[' + v.map(jansson).join(',') + ']';
  return '{' + Object.entries(v).map(([k, x]) => jansson(k) + ':' + jansson(x)).join(',') + '}';
}

const AFTER_RECORD = ['custom', 'checklist', 'ready', 'process', 'step_name', 'phase', 'goal',
  'guidance', 'probability', 'path', 'next_step', 'wants', 'fits', 'stakeholders',
  'interactions', 'checks'];

test('GET deal is byte for byte the object jansson would dump', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const ok = apiOk(ctx, token);
  const A = (method, p) => ctx.api(method, p, { token });

  for (const body of [
    { kind: 'deal', key: 'code', label: 'Code', type: 'text' },
    { kind: 'deal', key: 'budget', label: 'Budget', type: 'money', currency: 'USD' },
    { kind: 'deal', key: 'signed', label: 'Signed', type: 'yesno' },
    { kind: 'deal', key: 'kickoff', label: 'Kick-off', type: 'date' },
  ]) await ok('POST', '/api/v1/fields', body);
  const odd = 'Zo\u00eb "Q" back\\slash\ttab\nline \u0007 \u007f / \u65e5 \u{1F600} \u20ac';
  const acc = await ok('POST', '/api/v1/accounts', { name: 'Initech \u00e9' });
  const con = await ok('POST', '/api/v1/contacts', { name: 'Peter', account_id: acc.id });
  const other = await ok('POST', '/api/v1/contacts', { name: odd, title: 'CFO "money"', account_id: acc.id });
  const off = await ok('POST', '/api/v1/offerings', { name: 'Stapler \u{1F4CE} Care', price: 12.5, currency: 'USD' });
  const mk = (title, custom) => ok('POST', '/api/v1/deals', { title, account_id: acc.id, contact_id: con.id,
    value: 1234.5, next_step: { what: `call about ${odd}`, due: inDays(1) }, custom });

  const open = await mk(odd, { code: `c-${odd}`, budget: 99.25, signed: true, kickoff: '2026-03-02' });
  const want = await ok('POST', '/api/v1/wants', { deal_id: open.id, kind: 'objective', text: odd, importance: 4 });
  await ok('POST', '/api/v1/wants', { deal_id: open.id, kind: 'issue', text: 'plain', contact_id: other.id });
  await ok('POST', '/api/v1/fits', { want_id: want.id, offering_id: off.id, how: `how: ${odd}` });
  await ok('PUT', `/api/v1/deals/${open.id}/stakeholders/${other.id}`, { role: 'user' });
  await ok('POST', '/api/v1/interactions', { kind: 'call', deal_id: open.id, agreement: false, notes: odd });
  await ok('POST', '/api/v1/interactions', { kind: 'email', deal_id: open.id, agreement: false, purpose: 'follow up' });

  const won = await mk('won one', {});
  await ok('POST', '/api/v1/wants', { deal_id: won.id, kind: 'objective', text: 'go live' });
  await ok('POST', `/api/v1/deals/${won.id}/win`, { force: true, reason: 'signed early' });
  await ok('POST', '/api/v1/checks', { deal_id: won.id, score: 4, notes: odd });

  const page = await A('GET', '/api/v1/deals?limit=1000');
  assert.equal(page.status, 200, page.text);
  for (const d of [open, won]) {
    const r = await A('GET', `/api/v1/deals/${d.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
    assert.equal(r.text, jansson(r.json), `deal ${d.id}: jansson's bytes`);
    assert.ok(/^[\x00-\x7f]*$/.test(r.text), 'ASCII only');
    // the record's part is the deal as the list writes it
    const item = page.json.items.find((x) => x.id === d.id);
    const head = jansson(item).slice(0, -1);
    assert.ok(page.text.includes(head + '}'), 'the list page holds the record as written');
    assert.ok(r.text.startsWith(head + ',"checklist":'), `deal ${d.id}: the record first, then its parts`);
    assert.deepEqual(Object.keys(r.json).slice(-AFTER_RECORD.length), AFTER_RECORD);
    assert.deepEqual(Object.keys(r.json.custom), d === open ? ['code', 'budget', 'signed', 'kickoff'] : []);
    for (const p of r.json.path) assert.deepEqual(Object.keys(p), ['key', 'name', 'phase', 'state']);
  }

  const one = (await A('GET', `/api/v1/deals/${open.id}`)).json;
  assert.deepEqual(one.custom, { code: `c-${odd}`, budget: 99.25, signed: true, kickoff: '2026-03-02' });
  assert.deepEqual(Object.keys(one.next_step), ['id', 'what', 'type', 'due', 'status']);
  assert.equal(one.next_step.what, `call about ${odd}`);
  assert.equal(one.next_step.status, 'open');
  assert.deepEqual(one.wants.map((w) => [Object.keys(w), w.kind, w.text, w.importance, w.contact_id]), [
    [['id', 'kind', 'text', 'importance', 'contact_id'], 'issue', 'plain', 3, other.id],
    [['id', 'kind', 'text', 'importance', 'contact_id'], 'objective', odd, 4, null],
  ].sort((a, b) => (a[1] < b[1] ? -1 : 1)));
  assert.deepEqual(one.fits, [{ id: one.fits[0].id, want_id: want.id, want: odd, offering_id: off.id,
    offering: 'Stapler \u{1F4CE} Care', how: `how: ${odd}` }]);
  assert.deepEqual(one.stakeholders, [{ contact_id: other.id, name: odd, title: 'CFO "money"', role: 'user' }]);
  assert.equal(one.interactions.length, 2);
  for (const i of one.interactions)
    assert.deepEqual(Object.keys(i), ['id', 'kind', 'at', 'purpose', 'notes', 'planned', 'agreement',
      'agreement_type', 'contact_id', 'owner_id']);
  assert.deepEqual(one.interactions.map((i) => i.kind).sort(), ['call', 'email']);
  assert.equal(one.interactions.find((i) => i.kind === 'call').notes, odd);
  assert.equal(one.interactions[0].agreement, 0);
  assert.deepEqual(one.checks, []);

  const w = (await A('GET', `/api/v1/deals/${won.id}`)).json;
  assert.equal(w.status, 'won');
  assert.equal(w.next_step, null);
  assert.deepEqual(w.checks.map((c) => [Object.keys(c), c.score, c.notes]), [
    [['id', 'due', 'score', 'notes', 'done_at', 'kind', 'delivered_on'], 4, odd],
    // the next, periodic check, scheduled when the first was recorded
    [['id', 'due', 'score', 'notes', 'done_at', 'kind', 'delivered_on'], null, null],
  ]);
  assert.deepEqual(w.wants.map((x) => x.text), ['go live']);
  assert.deepEqual(w.fits, []);
});
