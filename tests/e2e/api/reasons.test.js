// A reason a deal move records (a forced advance's, a forced win's, a
// loss's) has one bound, the core's: the CLI and the API refuse one byte
// more with the same message and change nothing; the bound itself is taken
// by both.
// Run alone: node --test tests/e2e/api/reasons.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { adminWithContact } = require('./helper');

const MAX = 500;
const MESSAGE = `'reason' is longer than ${MAX} bytes`;

test('CLI and API refuse an over-long reason alike', async (t) => {
  const { ctx, call, account, contact } = await adminWithContact(t);
  const deal = async (title) => (await call('POST', '/api/v1/deals', {
    title, account_id: account.id, contact_id: contact.id,
    next_step: { what: 'call', due: '2030-01-01' },
  })).json;
  const long = 'r'.repeat(MAX + 1);

  const moves = [
    { name: 'advance', api: { force: true, reason: long }, cli: ['--force', '--reason', long] },
    { name: 'win', api: { force: true, reason: long }, cli: ['--force', '--reason', long] },
    { name: 'lose', api: { reason: long }, cli: ['--reason', long] },
  ];
  for (const m of moves) {
    const d = await deal(`Deal ${m.name}`);
    const r = await call('POST', `/api/v1/deals/${d.id}/${m.name}`, m.api);
    assert.equal(r.status, 400, `${m.name} over the API: ${r.text}`);
    assert.equal(r.json.field, 'reason');
    assert.equal(r.json.detail, MESSAGE);

    const c = ctx.cli(['deal', m.name, String(d.id), ...m.cli]);
    assert.equal(c.status, 1, `${m.name} on the CLI: ${c.stdout}${c.stderr}`);
    assert.ok(c.stderr.includes(MESSAGE), `${m.name} on the CLI: ${c.stderr}`);

    const after = (await call('GET', `/api/v1/deals/${d.id}`)).json;
    assert.equal(after.status, 'open', `${m.name}: nothing changed`);
    assert.equal(after.step, d.step, `${m.name}: nothing changed`);
  }

  const atBound = 'b'.repeat(MAX);
  const viaApi = await deal('At the bound, API');
  // a forced win needs the customer's wants too (R3)
  await call('POST', '/api/v1/wants', { deal_id: viaApi.id, kind: 'objective', text: 'the bound' });
  const won = await call('POST', `/api/v1/deals/${viaApi.id}/win`, { force: true, reason: atBound });
  assert.equal(won.status, 200, won.text);
  const viaCli = await deal('At the bound, CLI');
  const c = ctx.cli(['deal', 'lose', String(viaCli.id), '--reason', atBound]);
  assert.equal(c.status, 0, c.stderr);
  const lost = (await call('GET', `/api/v1/deals/${viaCli.id}`)).json;
  assert.equal(lost.lost_reason, atBound);

  // the OpenAPI document gives the same bound
  const schemas = (await call('GET', '/api/v1/openapi.json')).json.components.schemas;
  for (const name of ['Advance', 'Win', 'Lose']) {
    assert.equal(schemas[name].properties.reason.maxLength, MAX, name);
  }
});
