// The import route takes another CRM's leads and says why each row went
// as it did (docs/import-decisions.md): POST /api/v1/import/leads is the CLI's
// `import leads`; the summary counts the flagged rows and lists its
// decisions, and rejected_rows=true answers those rows with their reasons.
// Run alone: node --test tests/e2e/api/import-leads.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, setup, tokenFor } = require('./helper');

const SF = path.join(__dirname, '..', '..', 'fixtures', 'picklists', 'salesforce');

test('leads over the API: every row accounted for, with why', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const post = (what, file, query = '') => ctx.api('POST',
    `/api/v1/import/${what}?preset=salesforce${query}`, {
      token, body: fs.readFileSync(path.join(SF, file), 'utf8'),
      headers: { 'Content-Type': 'text/csv' },
    });
  assert.equal((await post('accounts', 'Account.csv')).status, 201);
  const c = await post('contacts', 'Contact.csv');
  assert.equal(c.status, 201, c.text);
  assert.deepEqual([c.json.imported, c.json.flagged], [7, 5]);

  const r = await post('leads', 'Lead.csv', '&rejected_rows=true');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.read, r.json.imported, r.json.updated, r.json.flagged,
    r.json.rejected], [11, 10, 1, 1, 0]);
  assert.deepEqual(r.json.decisions.map((d) => d.outcome).sort(), ['flagged', 'updated']);
  assert.match(r.json.rejected_rows, /"?updated: the lead became contact #7/);

  const list = await ctx.api('GET', '/api/v1/contacts?limit=100', { token });
  const sofia = list.json.items.find((x) => x.name === 'Sofia Rossi');
  assert.deepEqual([sofia.source, sofia.source_label, sofia.lead_status], ['other', 'Podcast', 'New']);
  assert.equal(list.json.items.length, 17);
});
