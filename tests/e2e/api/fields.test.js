// Custom fields over HTTP (docs/custom-fields.md): admins define them at
// /api/v1/fields, a rep may not; records carry "custom" and take it on POST
// and PATCH, checked in core (a bad value is refused naming the rule
// custom-field); lists filter with ?custom.KEY=; the OpenAPI document read
// signed in lists each record's custom properties with their types; a deal
// field required at a step is a named refusal until it is filled; the CSV
// import maps a column to a field, the export has one per field, and the
// JSON backup restores them.
// Rerun alone: node --test tests/e2e/api/fields.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ADMIN, runOk, setup, setPassword, tokenFor } = require('./helper.js');
const { freshDb } = require('../lib/db.js');

const REP = { email: 'rep@example.com', password: 'rep password 123' };

test('custom fields over HTTP', async (t) => {
  const ctx = await setup();
  t.after(() => ctx.close());
  runOk(ctx.db, ['user', 'add', '--email', REP.email, '--name', 'Rae Rep', '--role', 'rep']);
  setPassword(ctx.db, REP.email, REP.password);
  const admin = await tokenFor(ctx, ADMIN.email, ADMIN.password);
  const rep = await tokenFor(ctx, REP.email, REP.password);
  const as = (token) => (method, p, body) => ctx.api(method, p, { token, body });
  const A = as(admin), R = as(rep);

  await t.test('admins define fields; a rep cannot', async () => {
    let r = await R('POST', '/api/v1/fields', { kind: 'account', key: 'region', label: 'Region', type: 'text' });
    assert.equal(r.status, 403, r.text);
    r = await A('POST', '/api/v1/fields', { kind: 'account', key: 'region', label: 'Region', type: 'choice',
      choices: ['north', 'south'] });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.key, r.json.type, r.json.choices, r.json.archived], ['region', 'choice', ['north', 'south'], false]);
    for (const body of [
      { kind: 'deal', key: 'contract_no', label: 'Contract number', type: 'text', required_step: 'present' },
      { kind: 'deal', key: 'budget', label: 'Budget', type: 'money' },
      { kind: 'deal', key: 'signed', label: 'Signed', type: 'yesno' },
      { kind: 'contact', key: 'birthday', label: 'Birthday', type: 'date' },
      { kind: 'contact', key: 'employer', label: 'Employer', type: 'account' },
    ]) {
      r = await A('POST', '/api/v1/fields', body);
      assert.equal(r.status, 201, r.text);
    }
    r = await A('GET', '/api/v1/fields?kind=deal');
    assert.deepEqual(r.json.items.map((f) => [f.key, f.currency]), [['contract_no', null], ['budget', 'USD'], ['signed', null]]);
    r = await R('GET', '/api/v1/fields');
    assert.equal(r.status, 200, 'everyone reads the definitions');
    for (const [body, what] of [
      [{ kind: 'deal', key: 'Bad Key', label: 'x', type: 'text' }, 'key'],
      [{ kind: 'account', key: 'x', label: 'x', type: 'text', required_step: 'present' }, 'only a deal field'],
      [{ kind: 'deal', key: 'x', label: 'x', type: 'text', required_step: 'nowhere' }, "a step 'nowhere'"],
      [{ kind: 'deal', key: 'x', label: 'x', type: 'choice', choices: ['a', 'a'] }, 'twice'],
    ]) {
      r = await A('POST', '/api/v1/fields', body);
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.json.type, /custom-field$/);
      assert.ok(r.json.detail.includes(what), r.json.detail);
    }
    r = await A('POST', '/api/v1/fields', { kind: 'account', key: 'region', label: 'Again', type: 'text' });
    assert.equal(r.status, 409, 'one key per kind');
  });

  let acct, contact, deal;
  await t.test('records carry custom values, checked in core', async () => {
    let r = await R('POST', '/api/v1/accounts', { name: 'Globex', custom: { region: 'west' } });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /custom-field$/);
    assert.equal(r.json.field, 'custom.region');
    assert.equal((await R('GET', '/api/v1/accounts')).json.items.length, 0, 'nothing written');
    r = await R('POST', '/api/v1/accounts', { name: 'Globex', custom: { region: 'north' } });
    assert.equal(r.status, 201, r.text);
    acct = r.json;
    assert.deepEqual(acct.custom, { region: 'north' });
    r = await R('POST', '/api/v1/accounts', { name: 'Initech', custom: { region: 'south' } });
    assert.equal(r.status, 201, r.text);
    r = await R('POST', '/api/v1/contacts', { name: 'Hank', account_id: acct.id, need: 'faster books',
      timing_from: '2026-01-01', custom: { birthday: '1980-02-29', employer: acct.id } });
    assert.equal(r.status, 201, r.text);
    contact = r.json;
    assert.deepEqual(contact.custom, { birthday: '1980-02-29', employer: acct.id });
    r = await R('PATCH', `/api/v1/contacts/${contact.id}`, { custom: { birthday: '1980-02-30' } });
    assert.equal(r.status, 422, r.text);
    r = await R('PATCH', `/api/v1/contacts/${contact.id}`, { custom: { nope: 1 } });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.detail, /no field 'nope'/);
    r = await R('PATCH', `/api/v1/contacts/${contact.id}`, { custom: { employer: null } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.custom, { birthday: '1980-02-29' });
    assert.equal(r.json.version, contact.version + 1, 'a change of custom values is a new version');
    r = await R('POST', '/api/v1/deals', { title: 'Pilot', account_id: acct.id, contact_id: contact.id,
      next_step: { what: 'call', due: '2026-12-31' }, custom: { budget: '$1,200.50', signed: 'yes' } });
    assert.equal(r.status, 201, r.text);
    deal = r.json;
    assert.deepEqual(deal.custom, { budget: 1200.5, signed: true });
  });

  await t.test('lists filter by a custom field', async () => {
    let r = await R('GET', '/api/v1/accounts?custom.region=south');
    assert.deepEqual(r.json.items.map((a) => a.name), ['Initech']);
    r = await R('GET', '/api/v1/accounts?custom.region=north&custom.region=south');
    assert.equal(r.json.items.length, 2);
    r = await R('GET', '/api/v1/deals?custom.budget=1200.50');
    assert.deepEqual(r.json.items.map((d) => d.title), ['Pilot']);
    r = await R('GET', '/api/v1/accounts?custom.colour=red');
    assert.equal(r.status, 422, r.text);
  });

  await t.test('the OpenAPI document lists the custom properties when read signed in', async () => {
    let r = await ctx.api('GET', '/api/v1/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.json.components.schemas.Deal.properties.custom.properties, undefined, 'anonymous: generic');
    r = await R('GET', '/api/v1/openapi.json');
    assert.equal(r.status, 200, r.text);
    const deal = r.json.components.schemas.Deal.properties.custom;
    assert.deepEqual(Object.keys(deal.properties), ['contract_no', 'budget', 'signed']);
    assert.deepEqual(deal.properties.signed.type, ['boolean', 'null']);
    assert.deepEqual(deal.properties.budget.type, ['number', 'null']);
    assert.equal(deal.properties.contract_no['x-required-to-leave-step'], 'present');
    assert.equal(deal.additionalProperties, false);
    const create = r.json.components.schemas.AccountCreate.properties.custom.properties;
    assert.deepEqual(create.region.enum, ['north', 'south', null]);
    assert.equal(r.json.components.schemas.Contact.properties.custom.properties.birthday.format, 'date');
    const params = r.json.paths['/api/v1/accounts'].get.parameters.map((p) => p.name || p.$ref);
    assert.ok(params.includes('custom.region'), params.join(' '));
  });

  await t.test('a field required at a step blocks the move, named, until filled', async () => {
    // walk the deal to present with what the rules ask, then the field remains
    const id = deal.id;
    const move = (body = {}) => R('POST', `/api/v1/deals/${id}/advance`, body);
    const force = (to) => A('POST', `/api/v1/deals/${id}/advance`, { to, force: true, reason: 'test' });
    await R('POST', '/api/v1/wants', { deal_id: id, kind: 'objective', text: 'close in two days', importance: 2 });
    let r = await force('present');
    assert.equal(r.status, 200, r.text);
    r = await R('GET', `/api/v1/deals/${id}/detail`);
    if (r.status === 200) {
      assert.ok(r.json.checklist.some((i) => i.item === "the field 'Contract number'" && !i.done), JSON.stringify(r.json.checklist));
    }
    r = await move();
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /exit-criteria$/);
    assert.match(r.json.detail, /^refused \(exit-criteria\): step 'present' needs the field 'Contract number'/);
    r = await R('PATCH', `/api/v1/deals/${id}`, { custom: { contract_no: 'C-77' } });
    assert.equal(r.status, 200, r.text);
    r = await move();
    assert.ok(!/Contract number/.test(r.text), r.text);
  });

  await t.test('CSV import maps a column; the export has a column per field; the backup restores them', async () => {
    const dir = fs.mkdtempSync(path.join(ctx.dir, 'csv-'));
    const file = path.join(dir, 'accounts.csv');
    fs.writeFileSync(file, 'name,Zone\nHooli,south\nPied Piper,east\n');
    const out = ctx.cli(['import', 'accounts', file, '--map', 'Zone=custom.region']);
    assert.match(out.stdout, /imported 1/, out.stdout + out.stderr);
    assert.match(fs.readFileSync(path.join(dir, 'accounts.rejected.csv'), 'utf8'),
      /refused \(custom-field\): 'Region' must be one of north\|south, not 'east'/);
    // the preview the web UI shows says where such columns go
    const preview = await ctx.api('POST', `/api/v1/import/accounts/preview?map=${encodeURIComponent('Zone=custom.region')}`,
      { token: admin, body: 'name,Zone,custom.region\nX,north,south\n', headers: { 'Content-Type': 'text/csv' } });
    assert.equal(preview.status, 200, preview.text);
    assert.deepEqual(preview.json.columns.map((c) => c.field), ['name', 'custom.region', 'custom.region']);
    let r = await A('GET', '/api/v1/accounts?custom.region=south');
    assert.deepEqual(r.json.items.map((a) => a.name).sort(), ['Hooli', 'Initech']);
    r = await R('GET', '/api/v1/export/accounts.csv');
    if (r.status === 404) r = await R('GET', '/api/v1/export/accounts');
    assert.equal(r.status, 200, r.text);
    const [head, ...rows] = r.text.trim().split(/\r?\n/);
    assert.ok(head.endsWith(',custom.region'), head);
    assert.ok(rows.some((l) => l.startsWith(`${acct.id},Globex,`) && l.endsWith(',north')), r.text);

    const backup = path.join(dir, 'backup.json');
    fs.writeFileSync(backup, ctx.cli(['export', 'json']).stdout);
    const { dir: dir2, db: db2 } = freshDb('fields-restore');
    t.after(() => fs.rmSync(dir2, { recursive: true, force: true }));
    runOk(db2, ['import', 'json', backup]);
    const restored = JSON.parse(runOk(db2, ['--json', 'deal', 'show', String(deal.id)]));
    assert.deepEqual(restored.custom, { contract_no: 'C-77', budget: 1200.5, signed: true });
    const fields = JSON.parse(runOk(db2, ['--json', 'field', 'list']));
    assert.equal(fields.length, 6);
  });

  await t.test('removing a field with values archives it; without, deletes it', async () => {
    const list = (await A('GET', '/api/v1/fields?kind=contact')).json.items;
    const birthday = list.find((f) => f.key === 'birthday');
    const employer = list.find((f) => f.key === 'employer');
    let r = await R('DELETE', `/api/v1/fields/${birthday.id}`);
    assert.equal(r.status, 403, r.text);
    r = await A('DELETE', `/api/v1/fields/${birthday.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.archived, true);
    r = await R('GET', `/api/v1/contacts/${contact.id}`);
    assert.deepEqual(r.json.custom, {}, 'an archived field leaves the record');
    r = await A('PATCH', `/api/v1/fields/${birthday.id}`, { archived: false });
    assert.equal(r.status, 200, r.text);
    r = await R('GET', `/api/v1/contacts/${contact.id}`);
    assert.deepEqual(r.json.custom, { birthday: '1980-02-29' }, 'and its values come back with it');
    r = await A('DELETE', `/api/v1/fields/${employer.id}`);
    assert.equal(r.status, 204, r.text);
  });
});
