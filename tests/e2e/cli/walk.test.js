// One deal walked through the six steps from the command line, with every
// rule refusing by name when its condition is missing (issue: foundation).
// Run alone: node --test tests/e2e/cli/walk.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const DAY = '2026-03-02';
const REP = 'rita@acme.test';

function setup() {
  const { db } = freshDb('walk');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss'], { now: DAY });
  ok(db, ['user', 'add', '--email', 'mona@acme.test', '--name', 'Mona', '--role', 'manager', '--team', 'east'], { now: DAY });
  ok(db, ['user', 'add', '--email', REP, '--name', 'Rita', '--team', 'east'], { now: DAY });
  ok(db, ['user', 'add', '--email', 'sam@acme.test', '--name', 'Sam', '--team', 'west'], { now: DAY });
  ok(db, ['offering', 'add', 'Ledger Pro', '--price', '9000'], { now: DAY });
  return db;
}

function refused(r, rule, fragment) {
  assert.equal(r.code, 1, `exit code 1 expected, got ${r.code}: ${r.stderr}`);
  const line = r.stderr.trim();
  assert.equal(line.split('\n').length, 1, 'one line on stderr');
  assert.match(line, new RegExp(`^refused \\(${rule}\\): `));
  if (fragment) assert.ok(line.includes(fragment), `'${line}' names '${fragment}'`);
}

test('a deal walks through all six steps, each rule refusing by name', () => {
  const db = setup();
  const as = REP;
  const now = DAY;
  const acct = ok(db, ['account', 'add', 'Globex', '--domain', 'globex.test'], { as, now, json: true }).json();
  const contact = ok(db, ['contact', 'add', 'Hank Scorpio', '--account', String(acct.id), '--email', 'hank@globex.test'], { as, now, json: true }).json();

  // R1: a new deal needs its next step
  refused(fulcrum(db, ['deal', 'add', 'Pilot', '--account', String(acct.id), '--contact', String(contact.id)], { as, now }),
    'next-step-required');
  const deal = ok(db, ['deal', 'add', 'Pilot', '--account', String(acct.id), '--contact', String(contact.id),
    '--value', '12000.50', '--next', 'Intro call', '--due', '2026-03-04'], { as, now, json: true }).json();
  assert.equal(deal.step, 'engage');
  assert.equal(deal.status, 'open');
  assert.equal(deal.value, 12000.5);
  const id = String(deal.id);

  // R2 at engage: need and timing
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', "step 'engage' needs a recorded need");
  ok(db, ['contact', 'edit', String(contact.id), '--need', 'close the books faster'], { as, now });
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', 'timing');
  ok(db, ['contact', 'edit', String(contact.id), '--timing', '2026-04-01..2026-06-30'], { as, now });
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', 'timing');
  ok(db, ['contact', 'edit', String(contact.id), '--timing', '2026-02-01..2026-06-30'], { as, now });
  assert.equal(ok(db, ['deal', 'advance', id], { as, now, json: true }).json().step, 'comfort');

  // R2 at comfort: below the threshold of 3
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', 'comfort level of at least 3');
  ok(db, ['log', 'call', '--deal', id, '--no-agreement', '--comfort', '2'], { as, now });
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', '(now 2)');
  // R1 on logging: an open deal's interaction records the agreement or its absence
  refused(fulcrum(db, ['log', 'call', '--deal', id], { as, now }), 'next-step-required');
  ok(db, ['log', 'meeting', '--deal', id, '--agreed', 'Discovery workshop', '--due', '2026-03-09'], { as, now });
  assert.equal(ok(db, ['deal', 'advance', id], { as, now, json: true }).json().step, 'discover');

  // R2 at discover and R3: no move to present without wants
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'fulcrum', 'without recorded wants');
  refused(fulcrum(db, ['deal', 'advance', id, '--to', 'agree', '--force', '--reason', 'x'], { as: 'mona@acme.test', now }), 'fulcrum');
  const objective = ok(db, ['want', 'add', '--deal', id, '--kind', 'objective', '--importance', '5', 'Close in two days'], { as, now, json: true }).json();
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', 'a recorded problem or issue');
  const problem = ok(db, ['want', 'add', '--deal', id, '--kind', 'problem', '--importance', '3', 'Manual reconciliation'], { as, now, json: true }).json();
  ok(db, ['want', 'add', '--deal', id, '--kind', 'criterion', '--importance', '2', 'Runs on premises'], { as, now });
  assert.equal(ok(db, ['deal', 'advance', id], { as, now, json: true }).json().step, 'present');

  // R2 at present: every important want needs a fit; R3: a fit needs a want
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', '2 without one');
  refused(fulcrum(db, ['fit', 'add', '--offering', '1', 'no want'], { as, now }), 'fulcrum');
  refused(fulcrum(db, ['fit', 'add', '--want', '999', '--offering', '1', 'no want'], { as, now }), 'fulcrum');
  ok(db, ['fit', 'add', '--want', String(objective.id), '--offering', '1', 'Auto-reconciliation closes the books in two days'], { as, now });
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', '1 without one');
  ok(db, ['fit', 'add', '--want', String(problem.id), '--offering', '1', 'Bank lines are matched automatically'], { as, now });
  assert.equal(ok(db, ['deal', 'advance', id], { as, now: '2026-03-03', json: true }).json().step, 'agree');

  // R2 at agree: win needs an agreement made in this step
  refused(fulcrum(db, ['deal', 'win', id], { as, now: '2026-03-03' }), 'exit-criteria', 'agreement');
  ok(db, ['log', 'visit', '--deal', id, '--agreed', 'Sign the order', '--due', '2026-03-05', '--type', 'order'], { as, now: '2026-03-04' });
  const won = ok(db, ['deal', 'win', id, '--delivered', '2026-03-10'], { as, now: '2026-03-05', json: true }).json();
  assert.equal(won.status, 'won');
  assert.equal(won.step, 'follow_up');

  // R4: the check is due at delivery + 14 days and shows on that day
  const checks = ok(db, ['check', 'list', '--deal', id], { as, json: true }).json();
  assert.equal(checks.length, 1);
  assert.equal(checks[0].due, '2026-03-24');
  const before = ok(db, ['agenda'], { as, now: '2026-03-23', json: true }).json();
  assert.ok(!before.some((i) => i.kind === 'check'), 'no check before its day');
  const onDay = ok(db, ['agenda'], { as, now: '2026-03-24', json: true }).json();
  assert.ok(onDay.some((i) => i.kind === 'check' && i.deal_id === deal.id), 'check on its day');

  // R5: a good score puts a referral ask and an expansion ask on the agenda
  ok(db, ['check', id, '--score', '5', '--notes', 'delighted'], { as, now: '2026-03-24' });
  const after = ok(db, ['agenda'], { as, now: '2026-03-25', json: true }).json();
  const kinds = after.filter((i) => i.deal_id === deal.id).map((i) => i.kind).sort();
  assert.deepEqual(kinds, ['expansion_ask', 'referral_ask']);

  // R6: every step change with actor and time
  const history = ok(db, ['deal', 'history', id], { as, json: true }).json();
  const moves = history.filter((e) => ['create', 'advance', 'won'].includes(e.action))
    .map((e) => `${e.action}:${e.from_step ?? ''}>${e.to_step}`);
  assert.deepEqual(moves, ['create:>engage', 'advance:engage>comfort', 'advance:comfort>discover',
    'advance:discover>present', 'advance:present>agree', 'won:agree>follow_up']);
  for (const e of history) {
    assert.equal(e.actor, 'Rita');
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
});

test('a forced move is for managers, needs a reason and is recorded', () => {
  const db = setup();
  const now = DAY;
  const a = ok(db, ['account', 'add', 'Initech'], { as: REP, now, json: true }).json();
  const c = ok(db, ['contact', 'add', 'Bill', '--account', String(a.id)], { as: REP, now, json: true }).json();
  const d = ok(db, ['deal', 'add', 'TPS', '--account', String(a.id), '--contact', String(c.id),
    '--next', 'Call', '--due', DAY], { as: REP, now, json: true }).json();
  const id = String(d.id);
  const rep = fulcrum(db, ['deal', 'advance', id, '--force', '--reason', 'met at a fair'], { as: REP, now });
  assert.equal(rep.code, 1);
  assert.match(rep.stderr, /only managers and admins/);
  assert.equal(fulcrum(db, ['deal', 'advance', id, '--force'], { as: 'mona@acme.test', now }).code, 1);
  ok(db, ['deal', 'advance', id, '--to', 'discover', '--force', '--reason', 'met at a fair'], { as: 'mona@acme.test', now });
  const ev = ok(db, ['deal', 'history', id], { as: REP, json: true }).json().find((e) => e.action === 'force');
  assert.equal(ev.reason, 'met at a fair');
  assert.equal(ev.actor, 'Mona');
  assert.equal(ev.from_step, 'engage');
  assert.equal(ev.to_step, 'discover');
});

test("agendas: a rep sees only their own deals, a manager the team's", () => {
  const db = setup();
  const now = DAY;
  const mk = (as, title) => {
    const a = ok(db, ['account', 'add', `${title} Inc`], { as, now, json: true }).json();
    const c = ok(db, ['contact', 'add', `${title} Buyer`, '--account', String(a.id)], { as, now, json: true }).json();
    return ok(db, ['deal', 'add', title, '--account', String(a.id), '--contact', String(c.id),
      '--next', 'Call back', '--due', DAY], { as, now, json: true }).json();
  };
  const rita = mk(REP, 'Rita deal');
  const sam = mk('sam@acme.test', 'Sam deal');
  const mona = mk('mona@acme.test', 'Mona deal');
  const ids = (as) => new Set(ok(db, ['agenda'], { as, now, json: true }).json().map((i) => i.deal_id));
  assert.deepEqual([...ids(REP)], [rita.id]);
  assert.deepEqual([...ids('sam@acme.test')], [sam.id]);
  assert.deepEqual([...ids('mona@acme.test')].sort(), [rita.id, mona.id].sort());
  // and another rep's deal does not exist for them
  assert.equal(fulcrum(db, ['deal', 'show', String(sam.id)], { as: REP }).code, 3);
  // the agenda explains its ranking
  const explained = ok(db, ['agenda', '--explain'], { as: REP, now }).stdout;
  assert.match(explained, /score \d+ = base 1000 \+ overdue 0 \+ value \d+/);
});

test('exit codes: usage 2, not found 3, bad input 1', () => {
  const db = setup();
  assert.equal(fulcrum(db, ['deal', 'frobnicate']).code, 2);
  assert.equal(fulcrum(db, ['nonsense']).code, 2);
  assert.equal(fulcrum(db, ['deal', 'show', '4242']).code, 3);
  assert.equal(fulcrum(db, ['--as', 'nobody@acme.test', 'agenda']).code, 3);
  const bad = fulcrum(db, ['contact', 'add', 'Eve', '--email', 'not-an-email']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /'email' is not a valid email address/);
  assert.equal(fulcrum(db, ['--version']).code, 0);
});

test('step 4, show how: line items set the value; a proposal is built, versioned and sent', () => {
  const { checkRollups } = require('../lib/rollups.js');
  const db = setup();
  const as = REP;
  const now = DAY;
  ok(db, ['offering', 'add', 'Onboarding', '--price', '1500'], { now });
  const acct = ok(db, ['account', 'add', 'Globex'], { as, now, json: true }).json();
  const contact = ok(db, ['contact', 'add', 'Hank Scorpio', '--account', String(acct.id)], { as, now, json: true }).json();
  const deal = ok(db, ['deal', 'add', 'Ledger rollout', '--account', String(acct.id), '--contact', String(contact.id),
    '--value', '5000', '--next', 'Scope call', '--due', '2026-03-04'], { as, now, json: true }).json();
  const id = String(deal.id);
  const value = () => ok(db, ['deal', 'show', id], { as, json: true }).json().value;

  // line items set the deal's value: 2 x 9,000.00 less 10% = 16,200.00
  const first = ok(db, ['line-item', 'add', '--deal', id, '--offering', '1', '--quantity', '2', '--discount', '10'],
    { as, now, json: true }).json();
  assert.equal(first.unit_price, 9000);
  assert.equal(first.total_minor, 1620000);
  assert.equal(value(), 16200);
  // while it has items, the value is theirs: a named refusal
  refused(fulcrum(db, ['deal', 'edit', id, '--value', '100'], { as, now }), 'line-items', 'sum of its 1 line item');
  refused(fulcrum(db, ['deal', 'edit', id, '--currency', 'EUR'], { as, now }), 'line-items', 'in USD');
  const second = ok(db, ['line-item', 'add', '--deal', id, '--offering', '2', '--price', '1,250.50'],
    { as, now, json: true }).json();
  assert.equal(value(), 17450.5);
  ok(db, ['line-item', 'edit', String(second.id), '--quantity', '2'], { as, now });
  assert.equal(value(), 18701);
  // the report rollups follow the value the items set
  checkRollups(db, 'after line items set the value');
  const table = ok(db, ['line-item', 'list', '--deal', id], { as }).stdout;
  assert.match(table, /Ledger Pro .*USD 9,000\.00 .*USD 16,200\.00/);
  assert.match(table, /Onboarding .*USD 1,250\.50 .*USD 2,501\.00/);
  // the last one removed leaves the value as it was, and the hand sets it again
  ok(db, ['line-item', 'remove', String(second.id)], { as, now });
  assert.equal(value(), 16200);
  ok(db, ['line-item', 'remove', String(first.id)], { as, now });
  assert.equal(value(), 16200);
  checkRollups(db, 'after the line items are removed');
  ok(db, ['deal', 'edit', id, '--value', '15000'], { as, now });
  assert.equal(value(), 15000);
  // the history records the items' changes and the value they set
  const history = ok(db, ['deal', 'history', id], { as }).stdout;
  assert.match(history, /line items\s+value USD 5,000\.00 -> USD 16,200\.00/);
  assert.match(history, /line_item_removed/);

  // a proposal needs one built before it is sent
  refused(fulcrum(db, ['proposal', 'send', id, '--due', '2026-03-09'], { as, now }), 'proposal', 'no proposal');
  const objective = ok(db, ['want', 'add', '--deal', id, '--kind', 'objective', '--importance', '5',
    'Close the books in <two> days & "sleep"'], { as, now, json: true }).json();
  ok(db, ['want', 'add', '--deal', id, '--kind', 'criterion', '--importance', '2', 'Runs on premises'], { as, now });
  ok(db, ['fit', 'add', '--want', String(objective.id), '--offering', '1', 'Auto-reconciliation overnight'], { as, now });
  ok(db, ['line-item', 'add', '--deal', id, '--offering', '1', '--quantity', '3'], { as, now });
  assert.match(ok(db, ['proposal', id], { as, now }).stdout, /built proposal v1 of deal/);
  const v2 = ok(db, ['proposal', id], { as, now, json: true }).json();
  assert.equal(v2.number, 2);
  assert.equal(v2.total_minor, 2700000);
  assert.deepEqual(ok(db, ['proposal', 'list', id], { as, json: true }).json().map((p) => p.number), [1, 2]);
  const html = ok(db, ['proposal', 'show', id, '--version', '1'], { as }).stdout;
  // the customer's words, escaped, by importance; the fit; the line and total
  assert.ok(html.includes('Close the books in &lt;two&gt; days &amp; &quot;sleep&quot;'));
  assert.ok(!html.includes('<two>'));
  assert.ok(html.indexOf('Close the books') < html.indexOf('Runs on premises'), 'by importance');
  assert.ok(html.includes('Auto-reconciliation overnight'));
  assert.ok(html.includes('USD 27,000.00'));
  assert.match(html, /@media print/);

  // sending logs an e-mail whose agreed next step is the proposal review
  const sent = ok(db, ['proposal', 'send', id, '--due', '2026-03-09'], { as, now, json: true }).json();
  assert.equal(sent.number, 2);
  assert.ok(sent.interaction_id > 0);
  const shown = ok(db, ['deal', 'show', id], { as, json: true }).json();
  assert.equal(shown.next_step.what, 'proposal review');
  assert.equal(shown.next_step.type, 'proposal');
  assert.equal(shown.next_step.due, '2026-03-09');
  const ev = ok(db, ['deal', 'history', id], { as, json: true }).json().find((e) => e.action === 'proposal_sent');
  assert.deepEqual(ev.data, { number: 2, interaction_id: sent.interaction_id });
  const calls = ok(db, ['export', 'interactions'], { as }).stdout;
  assert.match(calls, new RegExp(`^${sent.interaction_id},${id},Ledger rollout,.*,email,[^,]+,proposal v2,,[^,]+,true,`, 'm'));
  checkRollups(db, 'after the proposal is sent');
  // and on its day it is on the agenda
  const agenda = ok(db, ['agenda'], { as, now: '2026-03-09', json: true }).json();
  assert.ok(agenda.some((i) => i.deal_id === deal.id && /proposal review/.test(JSON.stringify(i))), 'review on the agenda');
});
