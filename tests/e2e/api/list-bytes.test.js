// A list page is written as text without a tree of its values
// (src/util/json-write.c), a single record through jansson: the page's bytes
// must be exactly the records' bytes as GET by id gives them, joined. Names
// with quotes, backslashes, control characters, accents and characters
// beyond U+FFFF, amounts with and without a fraction, e-mail lists (JSON
// kept as text) and custom values of several types, over pages with a
// cursor.
// Rerun alone: node --test tests/e2e/api/list-bytes.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper.js');

test('a list page is byte for byte the records as GET writes them', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const A = (method, p, body) => ctx.api(method, p, { token, body });

  for (const body of [
    { kind: 'contact', key: 'nick', label: 'Nickname', type: 'text' },
    { kind: 'contact', key: 'vip', label: 'VIP', type: 'yesno' },
    { kind: 'contact', key: 'birthday', label: 'Birthday', type: 'date' },
  ]) {
    const r = await A('POST', '/api/v1/fields', body);
    assert.equal(r.status, 201, r.text);
  }
  const names = [
    'Zo\u00eb "Q" O\'Brien', 'tab\there, newline\nthere', 'back\\slash / slash',
    '\u65e5\u672c \u{1F600} \u20ac', 'bell \u0007 del \u007f', 'plain',
  ];
  for (const [i, name] of names.entries()) {
    const body = { name, email: `p${i}@example.com` };
    if (i % 2 === 0) body.custom = { nick: `n\u00efck "${i}"`, vip: i % 4 === 0, birthday: '1990-02-0' + (i + 1) };
    if (i === 1) body.emails = [{ address: 'second@example.com', label: 'work' }];
    const r = await A('POST', '/api/v1/contacts', body);
    assert.equal(r.status, 201, r.text);
  }
  for (const [name, price, currency] of [['Audit', 1234.56, 'USD'], ['Retainer', 100, 'USD'],
    ['Tiny', 0.1, 'EUR'], ['Yen', 5000, 'JPY'], ['Dinar', 1.234, 'KWD'], ['No price', null, 'USD']]) {
    const r = await A('POST', '/api/v1/offerings', { name, price, currency });
    assert.equal(r.status, 201, r.text);
  }

  for (const plural of ['contacts', 'offerings']) {
    let cursor = null, pages = 0, seen = 0;
    do {
      const page = await A('GET', `/api/v1/${plural}?limit=4${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
      assert.equal(page.status, 200, page.text);
      const bodies = [];
      for (const item of page.json.items) {
        const one = await A('GET', `/api/v1/${plural}/${item.id}`);
        assert.equal(one.status, 200, one.text);
        bodies.push(one.text);
      }
      cursor = page.json.next_cursor;
      const want = `{"items":[${bodies.join(',')}],"next_cursor":${cursor === null ? 'null' : JSON.stringify(cursor)}}`;
      assert.equal(page.text, want, `${plural}, page ${pages + 1}`);
      seen += bodies.length;
      pages++;
    } while (cursor);
    assert.equal(seen, 6, `${plural}: every record listed`);
    assert.equal(pages, 2, `${plural}: two pages of at most 4`);
  }
  // the escapes are jansson's: ASCII only, \uXXXX for the rest
  const page = await A('GET', '/api/v1/contacts?limit=10');
  assert.match(page.text, /"tab\\there, newline\\nthere"/);
  assert.match(page.text, /\\u65E5\\u672C \\uD83D\\uDE00 \\u20AC/);
  assert.match(page.text, /"bell \\u0007 del \x7f"/);
  assert.match(page.text, /"custom":\{"nick":"n\\u00EFck \\"0\\"","vip":true,"birthday":"1990-02-01"\}/);
  assert.ok(/^[\x00-\x7f]*$/.test(page.text), 'ASCII only');
});
