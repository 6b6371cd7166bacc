// The agenda judges the exit criteria of many deals at once (one query per
// kind of fact for all of them, src/core/deal-criteria.c): each deal must
// get its own facts. Deals side by side in the same steps, each missing
// something else (or nothing), must each get the item their own checklist
// (`deal show`, judged alone) says: ready to advance, or blocked on the
// first criterion not met. Run alone: node --test tests/e2e/cli/agenda-criteria.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const DAY = '2026-03-02';
const LATER = '2026-03-12';	// 10 days in the step: blocked (7), not stalled (14+)
const REP = 'rita@acme.test';
const FIELD = "the field 'Purchase order'";

test("each deal of the agenda's exit-criteria scan is judged on its own facts", () => {
  const { db } = freshDb('agenda-criteria');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss'], { now: DAY });
  ok(db, ['user', 'add', '--email', REP, '--name', 'Rita'], { now: DAY });
  ok(db, ['field', 'add', 'po', '--kind', 'deal', '--type', 'text', '--label', 'Purchase order',
    '--required-at', 'engage'], { as: 'boss@acme.test', now: DAY });
  const as = REP;
  const now = DAY;
  const acct = ok(db, ['account', 'add', 'Globex'], { as, now, json: true }).json();
  const contact = (name, ...opts) => ok(db, ['contact', 'add', name, '--account', String(acct.id), ...opts],
    { as, now, json: true }).json().id;
  const deal = (title, who, ...opts) => ok(db, ['deal', 'add', title, '--account', String(acct.id),
    '--contact', String(who), '--value', '50000', '--next', 'Call', '--due', '2026-06-01', ...opts],
  { as, now, json: true }).json().id;
  const timing = ['--timing', '2026-02-01..2026-06-30'];

  const qualified = contact('Quinn Qualified', '--need', 'faster close', ...timing, '--comfort', '4');
  const unsure = contact('Uma Unsure', '--need', 'fewer errors', ...timing, '--comfort', '2');
  const noNeed = contact('Ned Noneed', ...timing);
  const noTiming = contact('Tim Notiming', '--need', 'a ledger');

  const want = {
    ready: deal('Ready', qualified, '--field', 'po=PO-1'),
    noField: deal('No purchase order', qualified),	// same contact, no field
    noNeed: deal('No need', noNeed, '--field', 'po=PO-2'),
    noTiming: deal('No timing', noTiming, '--field', 'po=PO-3'),
    comfortLow: deal('Comfort low', unsure, '--field', 'po=PO-4'),
    comfortOk: deal('Comfort ok', qualified, '--field', 'po=PO-5'),
    discover: deal('Discover', qualified, '--field', 'po=PO-6'),
  };
  for (const id of [want.comfortLow, want.comfortOk, want.discover])
    ok(db, ['deal', 'advance', String(id)], { as, now });
  ok(db, ['deal', 'advance', String(want.discover)], { as, now });
  // discover needs an objective and a problem or issue: only the first
  ok(db, ['want', 'add', 'close the books in a day', '--deal', String(want.discover),
    '--kind', 'objective', '--importance', '4'], { as, now });
  ok(db, ['want', 'add', 'an issue of another deal', '--deal', String(want.ready),
    '--kind', 'issue', '--importance', '2'], { as, now });

  const items = ok(db, ['agenda', '--limit', '100'], { as, now: LATER, json: true }).json();
  const item = (id) => {
    const found = items.filter((i) => i.deal_id === id);
    assert.equal(found.length, 1, `one item for deal ${id}`);
    return found[0];
  };
  const expect = {
    ready: ['ready', null, 'comfort'],
    noField: ['blocked', `needs ${FIELD}`],
    noNeed: ['blocked', 'needs a recorded need or interest'],
    noTiming: ['blocked', 'needs timing that is right (a window that includes today)'],
    comfortLow: ['blocked', 'needs a comfort level of at least 3 (now 2)'],
    comfortOk: ['ready', null, 'discover'],
    discover: ['blocked', 'needs a recorded problem or issue'],
  };
  for (const [name, [kind, missing, next]] of Object.entries(expect)) {
    const it = item(want[name]);
    assert.equal(it.kind, kind, `${name}: ${it.reason}`);
    if (missing) assert.equal(it.missing, missing, name);
    if (next) assert.equal(it.next, next, name);
    // the same judgement as the deal's own checklist, judged alone
    const shown = ok(db, ['deal', 'show', String(want[name])], { as, now: LATER, json: true }).json();
    const open = shown.checklist.find((c) => !c.done);
    assert.equal(open ? `needs ${open.item}` : null, missing, `${name}: the checklist agrees`);
  }
});
