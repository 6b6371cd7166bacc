// An import option means the same on both front ends: the CLI's --flag and
// the API's query parameter go through one parser, so a bad value is
// refused with the same message by both, and nothing is imported.
// Run alone: node --test tests/e2e/api/import-options.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, setup, tokenFor } = require('./helper');

const CSV = 'name,domain\nAcme,acme.example\n';
const BAD = [
  ['delimiter', 'x', /'delimiter' must be , ; \| or tab, not 'x'/],
  ['date_format', 'roman', /'date_format' must be iso, us or eu, not 'roman'/],
  ['on_duplicate', 'maybe', /'on_duplicate' must be skip, update or error, not 'maybe'/],
  ['batch', '0', /'batch' must be a number 1-100000, not '0'/],
  ['batch', '100001', /'batch' must be a number 1-100000, not '100001'/],
];

test('CLI and API agree on import options', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const file = path.join(ctx.dir, 'accounts.csv');
  fs.writeFileSync(file, CSV);
  const post = (query) => ctx.api('POST', `/api/v1/import/accounts?${query}`, {
    token, body: CSV, headers: { 'Content-Type': 'text/csv' },
  });

  for (const [name, value, message] of BAD) {
    const r = await post(`${name}=${encodeURIComponent(value)}`);
    assert.equal(r.status, 400, `${name}=${value} over the API: ${r.text}`);
    assert.equal(r.json.field, name);
    assert.match(r.json.detail, message);

    const c = ctx.cli(['import', 'accounts', file, `--${name.replace(/_/g, '-')}`, value]);
    assert.equal(c.status, 2, `--${name} ${value} on the CLI: ${c.stdout}${c.stderr}`);
    assert.match(c.stderr, message);
  }
  const none = await ctx.api('GET', '/api/v1/accounts', { token });
  assert.equal(none.json.items.length, 0, 'nothing was imported');

  // the same good options are taken by both
  const r = await post('delimiter=%2C&date_format=iso&on_duplicate=skip&batch=10&dry_run=true');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.imported, 1);
  assert.equal(r.json.dry_run, true);
  const c = ctx.cli(['--json', 'import', 'accounts', file, '--delimiter', ',',
    '--date-format', 'iso', '--on-duplicate', 'skip', '--batch', '10', '--dry-run']);
  assert.equal(c.status, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout), r.json);
});
