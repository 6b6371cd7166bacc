// Bad input classes on a JSON route: every one is a problem+json answer
// with a clear detail, and nothing is created.
// Run alone: node --test tests/e2e/api/input.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper');

test('bad request bodies', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const post = (body, headers) => ctx.api('POST', '/api/v1/tokens', { token, body, headers });
  const count = async () => (await ctx.api('GET', '/api/v1/tokens', { token })).json.items.length;
  const before = await count();

  const problem = (r, status) => {
    assert.equal(r.status, status, r.text);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(r.json.status, status);
    assert.ok(r.json.type.startsWith('https://fulcrum.invalid/problems/'));
    assert.ok(r.json.title);
    assert.ok(r.json.detail);
  };

  await t.test('malformed JSON names line and column', async () => {
    const r = await post('{\n  "name": "x",\n  oops\n}');
    problem(r, 400);
    assert.match(r.json.detail, /malformed JSON at line 3, column \d+/);
  });

  await t.test('duplicate keys are refused', async () => {
    const r = await post('{"name": "a", "name": "b"}');
    problem(r, 400);
  });

  await t.test('a body that is not an object is refused', async () => {
    problem(await post('[1, 2]'), 400);
    problem(await post('"text"'), 400);
  });

  await t.test('an empty body on a JSON route is refused', async () => {
    const r = await post('');
    problem(r, 400);
    assert.match(r.json.detail, /empty/);
  });

  await t.test('wrong content type is 415', async () => {
    const r = await post('name=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    problem(r, 415);
    assert.match(r.json.detail, /application\/json/);
    const ok = await post('{"name":"charset"}', { 'Content-Type': 'application/json; charset=utf-8' });
    assert.equal(ok.status, 201);
  });

  await t.test('invalid UTF-8 is 400', async () => {
    const r = await post(Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    problem(r, 400);
    assert.match(r.json.detail, /UTF-8/);
    const overlong = await post(Buffer.from('{"name":"\xc0\xaf"}', 'latin1'));
    problem(overlong, 400);
  });

  await t.test('nesting deeper than 32 levels is 400', async () => {
    const deep = '{"name":' + '['.repeat(40) + ']'.repeat(40) + '}';
    const r = await post(deep);
    problem(r, 400);
    assert.match(r.json.detail, /deeper than 32/);
    const ok32 = '{"x":' + '['.repeat(31) + ']'.repeat(31) + '}';
    const r2 = await post(ok32);
    assert.equal(r2.status, 400);
    assert.match(r2.json.detail, /unknown field 'x'/, 'depth 32 passes the parser');
  });

  await t.test('a body over 1 MiB is 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1100 * 1024) });
    const r = await post(big);
    problem(r, 413);
    assert.match(r.json.detail, /larger than 1048576 bytes/);
    const huge = await post('{"name":"' + 'y'.repeat(20 * 1024 * 1024) + '"}');
    assert.equal(huge.status, 413);
  });

  await t.test('wrong types and unknown fields name the field', async () => {
    let r = await post({ name: ['a'] });
    problem(r, 400);
    assert.equal(r.json.field, 'name');
    r = await post({ nam: 'typo' });
    problem(r, 400);
    assert.equal(r.json.field, 'nam');
    assert.equal(r.json.detail, "unknown field 'nam'");
  });

  await t.test('query strings are bounded', async () => {
    const many = Array.from({ length: 70 }, (_, i) => `k${i}=1`).join('&');
    let r = await ctx.api('GET', '/api/v1/tokens?' + many, { token });
    problem(r, 400);
    r = await ctx.api('GET', '/api/v1/tokens?k=' + 'v'.repeat(5000), { token });
    problem(r, 400);
  });

  await t.test('nothing was created by the refused requests', async () => {
    assert.equal(await count(), before + 1, 'only the charset request created a token');
  });
});
