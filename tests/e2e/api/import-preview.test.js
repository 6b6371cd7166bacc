// The browser's import: a preview of the file (header, first rows, the
// column map the preset gives, changeable by map) that writes nothing, and
// the rejected rows as CSV in the answer of a dry run or an import.
// Run alone: node --test tests/e2e/api/import-preview.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor, contract } = require('./helper');

const CSV = 'Name,Email,Company,Shoe size\n' +
  'Ann Good,ann@example.com,Acme,42\n' +
  'Bad Mail,not-an-address,Acme,40\n' +
  'Cy Third,cy@example.com,,38\n';

test('a preview shows the map a preset gives and writes nothing', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const doc = await contract(ctx.url);
  const send = async (p, body = CSV) => {
    const r = await ctx.api('POST', p, { token, body, headers: { 'Content-Type': 'text/csv' } });
    assert.deepEqual(doc.check('POST', p, r), []);
    return r;
  };

  let r = await send('/api/v1/import/contacts/preview?preset=salesforce&rows=2');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'contacts');
  assert.equal(r.json.delimiter, ',');
  assert.deepEqual(r.json.columns.map((c) => c.field), ['name', 'email', 'account', null]);
  assert.deepEqual(r.json.rows, [['Ann Good', 'ann@example.com', 'Acme', '42'],
    ['Bad Mail', 'not-an-address', 'Acme', '40']]);
  assert.ok(r.json.fields.includes('email') && r.json.fields.includes('ignore'));
  assert.ok(!r.json.fields.includes('value'), 'a deal field is not offered for contacts');
  assert.ok(r.json.presets.some((x) => x.name === 'hubspot' && x.about), 'the presets to choose from');

  // a map changes a column's field; the rest keep the preset's
  r = await send(`/api/v1/import/contacts/preview?preset=salesforce&map=${encodeURIComponent('Shoe size=notes\nCompany=ignore')}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.columns.map((c) => c.field), ['name', 'email', 'ignore', 'notes']);
  assert.equal(r.json.rows.length, 3);

  r = await send('/api/v1/import/contacts/preview?map=Company%3Dshoe');
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'map');
  assert.match(r.json.detail, /'shoe' in the map is not a field/);
  r = await send('/api/v1/import/contacts/preview?preset=nosuch');
  assert.equal(r.status, 400);
  assert.equal(r.json.field, 'preset');
  r = await send('/api/v1/import/contacts/preview?rows=101');
  assert.equal(r.status, 400);
  r = await send('/api/v1/import/contacts/preview', '');
  assert.equal(r.status, 400);
  assert.match(r.json.detail, /empty/);
  r = await send('/api/v1/import/wishes/preview');
  assert.equal(r.status, 404);

  const none = await ctx.api('GET', '/api/v1/contacts', { token });
  assert.equal(none.json.items.length, 0, 'a preview imports nothing');

  // a rep may not bulk-load, so may not preview either
  ctx.cli(['user', 'add', '--email', 'rita@example.com', '--name', 'Rita Rep', '--role', 'rep']);
  ctx.cli(['user', 'passwd', 'rita@example.com'], 'rep password long\n');
  const rita = await tokenFor(ctx, 'rita@example.com', 'rep password long');
  r = await ctx.api('POST', '/api/v1/import/contacts/preview', { token: rita, body: CSV, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(r.status, 403, r.text);
});

test('a dry run and an import hand back the rejected rows as CSV', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const map = encodeURIComponent('Shoe size=ignore');
  const post = (q) => ctx.api('POST', `/api/v1/import/contacts?preset=salesforce&map=${map}&${q}`, {
    token, body: CSV, headers: { 'Content-Type': 'text/csv' },
  });

  let r = await post('dry_run=true&rejected_rows=true');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.imported, 2);
  assert.equal(r.json.rejected, 1);
  assert.equal(r.json.rejects[0].line, 3);
  assert.match(r.json.rejects[0].reason, /email/i);
  const lines = r.json.rejected_rows.trim().split(/\r?\n/);
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'Name,Email,Company,Shoe size,reason');
  assert.match(lines[1], /^Bad Mail,not-an-address,Acme,40,/);
  assert.equal((await ctx.api('GET', '/api/v1/contacts', { token })).json.items.length, 0);

  r = await post('rejected_rows=true');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, 2);
  assert.match(r.json.rejected_rows, /Bad Mail/);
  const names = (await ctx.api('GET', '/api/v1/contacts?sort=name', { token })).json.items.map((c) => c.name);
  assert.deepEqual(names, ['Ann Good', 'Cy Third']);

  // nothing rejected: no file to offer; not asked: not in the answer
  r = await ctx.api('POST', '/api/v1/import/accounts?rejected_rows=true&dry_run=true', {
    token, body: 'name\nGlobex\n', headers: { 'Content-Type': 'text/csv' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rejected_rows, null);
  r = await ctx.api('POST', '/api/v1/import/accounts?dry_run=true', {
    token, body: 'name\nGlobex\n', headers: { 'Content-Type': 'text/csv' } });
  assert.equal('rejected_rows' in r.json, false);
});

test('the preview says what the import would do with each row, as the import then does', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const doc = await contract(ctx.url);
  const send = async (p, body) => {
    const r = await ctx.api('POST', p, { token, body, headers: { 'Content-Type': 'text/csv' } });
    assert.deepEqual(doc.check('POST', p, r), []);
    return r;
  };
  const acct = (await ctx.api('POST', '/api/v1/accounts', { token, body: { name: 'Engines Ltd', domain: 'engines.example' } })).json;
  await ctx.api('POST', '/api/v1/contacts', { token, body: { name: 'Ada Lovelace', email: 'ada@engines.example', account_id: acct.id } });
  const grace = (await ctx.api('POST', '/api/v1/contacts', { token,
    body: { name: 'Grace Hopper', phone: '+1 555 010 0200', account_id: acct.id } })).json;
  const csv = 'name,email,phone,account\nAda L.,ADA@engines.example,,Engines Ltd\n'
    + 'Grace Hoper,,555 010 0200,Engines Ltd\nMary Somerville,,,\n';

  let r = await send('/api/v1/import/contacts/preview?on_duplicate=skip', csv);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.checks.map((c) => [c.row, c.outcome]), [[1, 'skipped'], [2, 'rejected'], [3, 'imported']]);
  assert.deepEqual(r.json.checks[0].record, { kind: 'contact', id: 1, name: 'Ada Lovelace' });
  assert.match(r.json.checks[1].reason, new RegExp(`likely the same contact as Grace Hopper \\(#${grace.id}\\): same phone`));
  const skip = r.json.checks;
  r = await send('/api/v1/import/contacts/preview?on_duplicate=update&allow_duplicates=true', csv);
  assert.deepEqual(r.json.checks.map((c) => c.outcome), ['updated', 'imported', 'imported']);
  r = await send('/api/v1/import/contacts/preview?on_duplicate=maybe', csv);
  assert.equal(r.status, 400);
  assert.equal((await ctx.api('GET', '/api/v1/contacts', { token })).json.items.length, 2, 'a preview keeps nothing');

  // the real import: the same rows flagged, the same way
  r = await send('/api/v1/import/contacts?on_duplicate=skip', csv);
  assert.equal(r.status, 201, r.text);
  const real = new Map([...r.json.decisions.map((x) => [x.row, x.outcome]), ...r.json.rejects.map((x) => [x.row, 'rejected'])]);
  skip.forEach((c) => assert.equal(real.get(c.row) || 'imported', c.outcome, `row ${c.row}`));
  assert.deepEqual(r.json.decisions[0].record, { kind: 'contact', id: 1, name: 'Ada Lovelace' });
});
