// The API's import route takes a stage history like the CLI: a plain
// deal,stage,date CSV (deal: the other CRM's id, or a Fulcrum id) replayed
// into the steps of imported deals, with rejected rows and their reasons.
// Run alone: node --test tests/e2e/api/import-history.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ADMIN, setup, tokenFor } = require('./helper');

const DEALS = 'external_id,title,account,stage,created,close_date\n'
  + 'X1,Won one,Alpha,won,2025-01-10,2025-03-01\n'
  + 'X2,Open one,Beta,present,2025-02-01,2025-06-01\n';

test('POST /api/v1/import/history replays a stage history', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const post = (kind, body) => ctx.api('POST', `/api/v1/import/${kind}`, {
    token, body, headers: { 'Content-Type': 'text/csv' },
  });
  const d = await post('deals', DEALS);
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.imported, 2);
  const deals = (await ctx.api('GET', '/api/v1/deals', { token })).json.items;
  const open = deals.find((x) => x.title === 'Open one');

  const h = await post('history', 'deal,stage,date\n'
    + 'X1,engage,2025-01-10\nX1,discover,2025-01-20\nX1,won,2025-03-01\n'
    + `${open.id},comfort,2025-02-01\n${open.id},present,2025-02-15\n`
    + 'X1,nowhere,2025-02-01\nX9,engage,2025-01-01\n');
  assert.equal(h.status, 201, h.text);
  assert.deepEqual([h.json.read, h.json.imported, h.json.rejected], [7, 5, 2]);
  assert.deepEqual(h.json.rejects.map((r) => r.reason), [
    "unknown stage 'nowhere': map it with --stage-map 'nowhere=STEP' (a step of process "
      + "'default', won or lost)",
    "unknown deal 'X9': import the deals first",
  ]);
  const won = deals.find((x) => x.title === 'Won one');
  const steps = async (id) => {
    const ev = (await ctx.api('GET', `/api/v1/deals/${id}/history`, { token })).json;
    const items = ev.items || ev;
    const last = items.map((e) => e.action).lastIndexOf('create');
    return items.slice(last).map((e) => `${e.action}:${e.to_step}:${e.at.slice(0, 10)}`);
  };
  assert.deepEqual(await steps(won.id), ['create:engage:2025-01-10',
    'advance:discover:2025-01-20', 'won:follow_up:2025-03-01']);
  assert.deepEqual(await steps(open.id), ['create:comfort:2025-02-01',
    'advance:present:2025-02-15']);
});

// HubSpot's deals export carries the history itself: a "Date entered"
// column per stage, read with preset=hubspot by the same import as the CLI's.
test('POST /api/v1/import/history?preset=hubspot replays a deals export\'s stage dates', async (t) => {
  const fs = require('node:fs');
  const path = require('node:path');
  const file = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'hubspot',
    'deals.csv'), 'utf8');
  const ctx = await setup();
  t.after(() => ctx.close());
  const token = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const post = (kind) => ctx.api('POST', `/api/v1/import/${kind}?preset=hubspot`, {
    token, body: file, headers: { 'Content-Type': 'text/csv' },
  });
  const d = await post('deals');
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.imported, 12);
  // the preview (the web page's column map) shows each "Date entered"
  // column going to date, and an import stating every column as the page
  // does reads them the same
  const pv = await ctx.api('POST', '/api/v1/import/history/preview?preset=hubspot', {
    token, body: file, headers: { 'Content-Type': 'text/csv' },
  });
  assert.equal(pv.status, 200, pv.text);
  const field = new Map(pv.json.columns.map((c) => [c.header, c.field]));
  assert.equal(field.get('Record ID'), 'deal');
  assert.equal(field.get('Date entered "Closed Won (Sales Pipeline)"'), 'date');
  assert.equal(field.get('Date exited "Closed Won (Sales Pipeline)"'), null);
  const map = pv.json.columns.map((c) => `${c.header}=${c.field || 'ignore'}`).join('\n');
  const dry = await ctx.api('POST', `/api/v1/import/history?preset=hubspot&dry_run=true&map=${
    encodeURIComponent(map)}`, { token, body: file, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual([dry.json.read, dry.json.imported, dry.json.rejected], [13, 41, 2]);

  const h = await post('history');
  assert.equal(h.status, 201, h.text);
  // 43 stage dates in 13 rows: one of an unknown stage, one of a deal the
  // deals import rejected
  assert.deepEqual([h.json.read, h.json.imported, h.json.rejected], [13, 41, 2]);
  assert.deepEqual(h.json.rejects.map((r) => r.reason), [
    "date entered 'Demo Booked': unknown stage 'Demo Booked': map it with --stage-map "
      + "'Demo Booked=STEP' (a step of process 'default', won or lost)",
    "unknown deal '9840112013': import the deals first",
  ]);
  const deals = (await ctx.api('GET', '/api/v1/deals?limit=100', { token })).json.items;
  const litware = deals.find((x) => x.title === 'Litware licences');
  const ev = (await ctx.api('GET', `/api/v1/deals/${litware.id}/history`, { token })).json;
  const items = ev.items || ev;
  const last = items.map((e) => e.action).lastIndexOf('create');
  assert.deepEqual(items.slice(last).map((e) => `${e.action}:${e.to_step}:${e.at}`), [
    'create:engage:2024-04-01T00:00:00Z', 'advance:present:2024-04-03T10:00:00Z',
    'back:comfort:2024-04-22T16:00:00Z']);
});
