// fulcrum form: an admin adds a lead form (its fields, the required ones,
// who gets the leads, the sites allowed to post), lists, shows, edits and
// removes it, and prints the snippet to paste into a web page; the rules
// are core/form.c's and refuse with "refused (form): ..."; a backup keeps
// the forms. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/forms.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

test('fulcrum form add, list, show, edit, snippet, remove', (t) => {
  const { dir, db } = freshDb('fulcrum-forms-cli');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  ok(db, ['init', '--admin-email', 'admin@example.com', '--admin-name', 'Ada Admin']);
  ok(db, ['user', 'add', '--email', 'rita@example.com', '--name', 'Rita Rep', '--role', 'rep', '--team', 'west']);

  const added = ok(db, ['form', 'add', '--title', 'Talk to us', '--fields', 'name, email, company, need',
    '--required', 'email', '--owner', 'rita@example.com', '--origins', 'https://www.example.com',
    '--thanks', 'We will call you.'], { json: true }).json();
  assert.match(added.key, /^[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(added.fields, ['name', 'email', 'company', 'need']);
  assert.deepEqual(added.required, ['email']);
  assert.deepEqual(added.origins, ['https://www.example.com']);

  // people read the leads' owner by name
  const list = ok(db, ['form', 'list']).stdout;
  assert.match(list, /Talk to us/);
  assert.match(list, /Rita Rep/);
  const shown = ok(db, ['form', 'show', added.key]).stdout;
  assert.match(shown, /Rita Rep/);
  assert.match(shown, new RegExp(added.key));

  // the rules refuse, naming the rule, and leave the form as it was
  let r = fulcrum(db, ['form', 'add', '--title', 'Bad', '--fields', 'email,shoe_size', '--owner', 'rita@example.com']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused \(form\): no field 'shoe_size'/);
  r = fulcrum(db, ['form', 'add', '--title', 'Nobody', '--fields', 'email']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused \(form\): a form gives its leads to one user/);
  r = fulcrum(db, ['form', 'edit', added.key, '--origins', 'www.example.com']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused \(form\): 'www.example.com' is no web origin/);
  r = fulcrum(db, ['form', 'add', '--title', 'As a rep', '--fields', 'email', '--owner', 'rita@example.com'],
    { as: 'rita@example.com' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /only admins change forms/);

  // to the team in turn, and back to one user
  let edited = ok(db, ['form', 'edit', added.key, '--team', 'west'], { json: true }).json();
  assert.equal(edited.team, 'west');
  assert.equal(edited.lead_owner_id, null);
  edited = ok(db, ['form', 'edit', String(added.id), '--owner', 'rita@example.com'], { json: true }).json();
  assert.equal(edited.team, null);
  assert.ok(edited.lead_owner_id > 0);

  // the snippet: a plain form posting to the public address, or an iframe
  r = fulcrum(db, ['form', 'snippet', added.key]);
  assert.equal(r.code, 2, 'snippet needs --url');
  const html = ok(db, ['form', 'snippet', added.key, '--url', 'https://crm.example.org/']).stdout;
  assert.match(html, new RegExp(`<form method="post" action="https://crm.example.org/forms/${added.key}/submit"`));
  assert.match(html, /<label for="fulcrum-email">E-mail \(required\)<\/label>/);
  assert.match(html, /name="website_url"/, 'the honeypot travels with it');
  const frame = ok(db, ['form', 'snippet', added.key, '--url', 'https://crm.example.org', '--iframe']).stdout;
  assert.match(frame, new RegExp(`<iframe src="https://crm.example.org/forms/${added.key}" title="Talk to us"`));
  const json = ok(db, ['form', 'snippet', added.key, '--url', 'https://crm.example.org'], { json: true }).json();
  assert.deepEqual(Object.keys(json).sort(), ['html', 'iframe', 'url']);

  // a backup keeps the forms
  const backup = ok(db, ['export', 'json']).stdout;
  const forms = JSON.parse(backup).forms;
  assert.equal(forms.length, 1);
  assert.equal(forms[0].key, added.key);

  const gone = ok(db, ['form', 'remove', added.key]).stdout;
  assert.match(gone, /deleted form/);
  r = fulcrum(db, ['form', 'show', added.key]);
  assert.equal(r.code, 3);
});
