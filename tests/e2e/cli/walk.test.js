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

test('history cannot be forged silently: verify names the first altered event, in the database and in a backup', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const { sqlRows } = require('../lib/sql.js');
  const { tmpDir } = require('../lib/tmp.js');
  const db = setup();
  const as = REP;
  const now = DAY;
  const acct = ok(db, ['account', 'add', 'Umbrella'], { as, now, json: true }).json();
  const contact = ok(db, ['contact', 'add', 'Alice', '--account', String(acct.id), '--need', 'audit trail',
    '--timing', '2026-02-01..2026-06-30'], { as, now, json: true }).json();
  const deal = ok(db, ['deal', 'add', 'Audit', '--account', String(acct.id), '--contact', String(contact.id),
    '--next', 'Intro call', '--due', '2026-03-04'], { as, now, json: true }).json();
  ok(db, ['deal', 'advance', String(deal.id)], { as, now });
  // every event is chained: verify holds and prints the head
  const head = ok(db, ['verify'], { now, json: true }).json().head;
  assert.match(head, /^[0-9a-f]{64}$/);
  // a backup carries the chain and verifies to the same head
  const file = path.join(tmpDir('walk-chain'), 'backup.json');
  ok(db, ['export', 'json', file], { now });
  assert.equal(ok(db, ['verify', '--backup', file], { now, json: true }).json().head, head);
  // the advance, edited in the backup, is named
  const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
  const advance = backup.events.find((e) => e.entity === 'deal' && e.action === 'advance');
  advance.to_step = 'agree';
  fs.writeFileSync(file, JSON.stringify(backup));
  refused(fulcrum(db, ['verify', '--backup', file], { now }), 'history-chain',
    `event ${advance.id} (deal ${deal.id}, advance): altered`);
  // the same advance, edited by hand in the database, is named
  const [[id]] = sqlRows(db, `SELECT id FROM events WHERE entity = 'deal' AND entity_id = ${deal.id} AND action = 'advance'`);
  sqlRows(db, `UPDATE events SET to_step = 'agree' WHERE id = ${id}`);
  refused(fulcrum(db, ['verify'], { now }), 'history-chain', `event ${id} (deal ${deal.id}, advance): altered`);
});
