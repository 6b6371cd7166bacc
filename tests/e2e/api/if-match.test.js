// If-Match as RFC 9110 has it: entity tags are opaque (a foreign tag is a
// failed precondition, 412, not a bad request), "*" matches any existing
// record, a list matches when any member does, weak tags never match
// (strong comparison), and only a malformed header is 400. Each refusal
// changes nothing.
// Run alone: node --test tests/e2e/api/if-match.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper');

test('If-Match', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const A = (method, p, body, headers) => ctx.api(method, p, { token, body, headers });
  const acc = (await A('POST', '/api/v1/accounts', { name: 'Initech' })).json;
  const p = `/api/v1/accounts/${acc.id}`;
  const version = async () => (await A('GET', p)).json.version;
  const patch = (ifMatch, industry) => A('PATCH', p, { industry }, { 'If-Match': ifMatch });

  await t.test('a tag that names no version is 412 and changes nothing', async () => {
    const v = await version();
    for (const tag of ['"stale-etag"', '"0"', `"0${v}"`, '""', '"xyz", "abc"']) {
      const r = await patch(tag, 'Paper');
      assert.equal(r.status, 412, `${tag}: ${r.text}`);
      assert.match(r.json.type, /precondition-failed$/);
    }
    assert.equal(await version(), v);
  });

  await t.test('"*" matches the record, and a missing one is still 404', async () => {
    const v = await version();
    const r = await patch('*', 'Printers');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, v + 1);
    const gone = await A('PATCH', '/api/v1/accounts/999999', { industry: 'x' }, { 'If-Match': '*' });
    assert.equal(gone.status, 404);
  });

  await t.test('a list matches when any member does', async () => {
    const v = await version();
    let r = await patch(`"${v + 7}", "stale-etag", "${v}"`, 'Staplers');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.industry, 'Staplers');
    r = await patch(`"${v}" ,"${v - 1}"`, 'Nope');
    assert.equal(r.status, 412, 'no member names the version now');
    assert.equal((await A('GET', p)).json.industry, 'Staplers');
  });

  await t.test('a weak tag never matches', async () => {
    const v = await version();
    const r = await patch(`W/"${v}"`, 'Weak');
    assert.equal(r.status, 412, r.text);
    assert.equal(await version(), v);
  });

  await t.test('the deal actions compare the same way', async () => {
    const con = (await A('POST', '/api/v1/contacts', { name: 'Milton', account_id: acc.id })).json;
    const due = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const d = (await A('POST', '/api/v1/deals', {
      title: 'red stapler', account_id: acc.id, contact_id: con.id, value: 5,
      next_step: { what: 'call', due },
    })).json;
    let r = await A('POST', `/api/v1/deals/${d.id}/lose`, { reason: 'x' }, { 'If-Match': '"stale-etag"' });
    assert.equal(r.status, 412, r.text);
    r = await A('POST', `/api/v1/deals/${d.id}/lose`, { reason: 'x' }, { 'If-Match': `"1000", "${d.version}"` });
    assert.equal(r.status, 200, r.text);
  });

  await t.test('a malformed header is 400', async () => {
    for (const bad of ['v1', '"4', '"4" "5"', '*, "4"', ',', 'W/4']) {
      const r = await patch(bad, 'Bad');
      assert.equal(r.status, 400, `${bad}: ${r.text}`);
      assert.equal(r.json.field, 'If-Match');
    }
  });
});
