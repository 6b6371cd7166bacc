// Sending from a deal over HTTP (docs/mail.md): managers add templates
// (reps may not), unknown merge fields are a 400 naming them, POST
// /api/v1/mail/preview renders without sending, POST /api/v1/mail/send
// reaches a real SMTP sink (python3-aiosmtpd) with the rendered text and
// the e-mail is then among the deal's interactions; a refused message
// logs nothing; a rep cannot send on a deal they cannot see. Every answer
// is held to the server's OpenAPI document.
// Rerun alone: node --test tests/e2e/api/mail-send.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { ADMIN, contract, runOk, setup, setPassword } = require('./helper.js');
const { startSink, header, body } = require('../lib/smtp-sink.js');
const { tmpDir } = require('../lib/tmp.js');

const REP = { email: 'rep@example.com', password: 'rep password 123' };
const OTHER = { email: 'other@example.com', password: 'other password 123' };
const MANAGER = { email: 'boss@example.com', password: 'boss password 123' };

test('templates, preview and send over HTTP', async (t) => {
  process.env.FULCRUM_SECRET_KEY_FILE = path.join(tmpDir('fulcrum-key'), 'secret.key');
  const sink = await startSink();
  t.after(() => sink.stop());
  const ctx = await setup();
  t.after(() => ctx.close());
  runOk(ctx.db, ['user', 'add', '--email', REP.email, '--name', 'Rae Rep', '--role', 'rep']);
  runOk(ctx.db, ['user', 'add', '--email', OTHER.email, '--name', 'Otto', '--role', 'rep']);
  runOk(ctx.db, ['user', 'add', '--email', MANAGER.email, '--name', 'Mo', '--role', 'manager']);
  for (const u of [REP, OTHER, MANAGER]) setPassword(ctx.db, u.email, u.password);
  const admin = await ctx.login(ADMIN.email, ADMIN.password);
  const rep = await ctx.login(REP.email, REP.password);
  const other = await ctx.login(OTHER.email, OTHER.password);
  const manager = await ctx.login(MANAGER.email, MANAGER.password);
  const { check } = await contract(ctx.url);
  const call = async (session, method, p, b) => {
    const r = await ctx.api(method, p, { session, body: b });
    assert.deepEqual(check(method, p, r), [], `${method} ${p}`);
    return r;
  };

  let r = await call(admin, 'PUT', '/api/v1/mail/settings', {
    host: '127.0.0.1', port: sink.port, security: 'none', from_address: 'crm@example.com' });
  assert.equal(r.status, 200, r.text);

  // a deal of the rep's, with a want
  const acc = (await call(rep, 'POST', '/api/v1/accounts', { name: 'Initech' })).json;
  const con = (await call(rep, 'POST', '/api/v1/contacts', {
    name: 'Peter Gibbons', account_id: acc.id, email: 'peter@initech.test' })).json;
  const deal = (await call(rep, 'POST', '/api/v1/deals', { title: 'TPS reports',
    account_id: acc.id, contact_id: con.id, next_step: { what: 'first call', due: '2030-01-02' } })).json;
  r = await call(rep, 'POST', '/api/v1/wants', { deal_id: deal.id, kind: 'objective',
    text: 'one cover sheet', importance: 5 });
  assert.equal(r.status, 201, r.text);

  // templates: reps may not add; unknown fields are named
  const tpl = { name: 'Recap', subject: '{{deal}}: next steps',
    body: 'Hi {{first_name}},\n{{wants}}Shall we do {{next_step}} on {{next_step_due}}?\n{{sender}}' };
  r = await call(rep, 'POST', '/api/v1/mail/templates', tpl);
  assert.equal(r.status, 403, r.text);
  r = await call(manager, 'POST', '/api/v1/mail/templates', { ...tpl, body: 'Hi {{firstname}}' });
  assert.equal(r.status, 400, r.text);
  assert.match(r.text, /\{\{firstname\}\}/);
  r = await call(manager, 'POST', '/api/v1/mail/templates', tpl);
  assert.equal(r.status, 201, r.text);
  const tid = r.json.id;
  r = await call(rep, 'GET', '/api/v1/mail/templates');
  assert.deepEqual(r.json.items.map((x) => x.name), ['Recap']);
  r = await call(manager, 'PATCH', `/api/v1/mail/templates/${tid}`, { subject: 'Re: {{deal}}' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.subject, 'Re: {{deal}}');
  r = await call(rep, 'GET', `/api/v1/mail/templates/${tid}`);
  assert.equal(r.json.body, tpl.body);

  const msg = { deal_id: deal.id, template: 'Recap',
    next_step: { what: 'a demo', due: '2030-01-09' } };
  r = await call(rep, 'POST', '/api/v1/mail/preview', msg);
  assert.equal(r.status, 200, r.text);
  const text = 'Hi Peter,\n- one cover sheet\nShall we do a demo on 2030-01-09?\nRae Rep';
  assert.deepEqual(r.json, { to: 'peter@initech.test', to_name: 'Peter Gibbons',
    subject: 'Re: TPS reports', body: text, deal_id: deal.id, contact_id: con.id });
  assert.equal(sink.messages().length, 0);

  // another rep cannot see the deal: not found, nothing sent
  r = await call(other, 'POST', '/api/v1/mail/send', msg);
  assert.equal(r.status, 400, r.text);
  assert.match(r.text, /no deal/);
  r = await call(other, 'POST', '/api/v1/mail/preview', msg);
  assert.equal(r.status, 400, r.text);
  r = await call(other, 'POST', '/api/v1/mail/send', { contact_id: con.id, subject: 'x', body: 'y' });
  assert.equal(r.status, 400, r.text);
  assert.equal(sink.messages().length, 0);

  r = await call(rep, 'POST', '/api/v1/mail/send', msg);
  assert.equal(r.status, 201, r.text);
  const iid = r.json.interaction_id;
  const got = sink.messages();
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].envelope.to, ['peter@initech.test']);
  assert.equal(header(got[0].raw, 'Subject'), 'Re: TPS reports');
  assert.equal(body(got[0].raw).trimEnd(), text);

  r = await call(rep, 'GET', `/api/v1/interactions?deal_id=${deal.id}`);
  const mail = r.json.items.find((i) => i.id === iid);
  assert.ok(mail, r.text);
  assert.equal(mail.kind, 'email');
  assert.equal(mail.purpose, 'Re: TPS reports');
  assert.equal(mail.notes, `To: Peter Gibbons <peter@initech.test>\n\n${text}`);
  r = await call(rep, 'GET', `/api/v1/deals/${deal.id}`);
  assert.equal(r.status, 200);

  // a refused message logs nothing
  await sink.stop();
  const before = (await call(rep, 'GET', `/api/v1/interactions?deal_id=${deal.id}`)).json.items.length;
  r = await call(rep, 'POST', '/api/v1/mail/send', { ...msg, next_step: { what: 'b', due: '2030-02-01' } });
  assert.equal(r.status >= 500 || r.status === 502 || r.status === 503, true, r.text);
  assert.match(r.text, /did not take the message/);
  const after = (await call(rep, 'GET', `/api/v1/interactions?deal_id=${deal.id}`)).json.items.length;
  assert.equal(after, before);

  // bad input names the rule
  r = await call(rep, 'POST', '/api/v1/mail/send', { deal_id: deal.id, subject: 'x', body: 'y' });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /next-step-required/);
  r = await call(rep, 'POST', '/api/v1/mail/send', { contact_id: con.id, subject: 'x', body: 'y', cc: 'z' });
  assert.equal(r.status, 400, r.text);

  r = await call(manager, 'DELETE', `/api/v1/mail/templates/${tid}`);
  assert.equal(r.status, 204, r.text);
});
