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
  // step 5: the win needs the order itself, not only an agreement
  refused(fulcrum(db, ['deal', 'win', id], { as, now: '2026-03-05' }), 'order-required', 'order');
  ok(db, ['log', 'meeting', '--deal', id, '--order', '--agreed', 'Kick-off', '--due', '2026-03-10'], { as, now: '2026-03-05' });
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

// Step 1, the right people (issue 16): a process may require a stakeholder
// role to leave engage; the refusal, the checklist and the agenda name it.
test('step 1 needs the person who owns the problem when the process says so', () => {
  const db = setup();
  const as = REP;
  const now = DAY;
  const path = require('node:path');
  const fs = require('node:fs');
  const { tmpDir } = require('../lib/tmp.js');
  const file = path.join(tmpDir('walk-process'), 'default.json');
  ok(db, ['process', 'export', 'default', file], { as: 'boss@acme.test' });
  const proc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(proc.no_fit_days, 14, 'a process says after how long wants without a fit count');
  proc.steps[0].criteria.stakeholder_role = 'nobody';
  fs.writeFileSync(file, JSON.stringify(proc));
  const bad = fulcrum(db, ['process', 'import', file], { as: 'boss@acme.test' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /stakeholder role: decision_maker\|.*\|problem_owner/);
  proc.steps[0].criteria.stakeholder_role = 'problem_owner';
  fs.writeFileSync(file, JSON.stringify(proc));
  ok(db, ['process', 'import', file], { as: 'boss@acme.test' });
  const exported = ok(db, ['process', 'show', 'default'], { as, json: true }).json();
  assert.equal(exported.steps[0].criteria.stakeholder_role, 'problem_owner');

  const acct = ok(db, ['account', 'add', 'Umbrella'], { as, now, json: true }).json();
  const buyer = ok(db, ['contact', 'add', 'Alice Buyer', '--account', String(acct.id),
    '--need', 'fewer stock-outs', '--timing', '2026-02-01..2026-06-30'], { as, now, json: true }).json();
  const ops = ok(db, ['contact', 'add', 'Oscar Ops', '--account', String(acct.id)], { as, now, json: true }).json();
  const deal = ok(db, ['deal', 'add', 'Stock', '--account', String(acct.id), '--contact', String(buyer.id),
    '--next', 'Intro call', '--due', '2026-03-20'], { as, now, json: true }).json();
  const id = String(deal.id);

  // R2 names the missing role; the checklist lists it
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria',
    "step 'engage' needs a problem owner (the person with the need) among the stakeholders");
  const shown = ok(db, ['deal', 'show', id], { as, now, json: true }).json();
  assert.deepEqual(shown.checklist.map((c) => [c.item, c.done]), [
    ['a recorded need or interest', true],
    ['timing that is right (a window that includes today)', true],
    ['a problem owner (the person with the need) among the stakeholders', false]]);
  assert.match(ok(db, ['deal', 'show', id], { as, now }).stdout,
    /\[ \] a problem owner \(the person with the need\) among the stakeholders/);

  // the agenda says so at once, with who to find
  const item = ok(db, ['agenda'], { as, now, json: true }).json().find((i) => i.deal_id === deal.id);
  assert.equal(item.kind, 'missing_person');
  assert.equal(item.role, 'problem_owner');
  assert.match(item.reason, /no problem_owner among the stakeholders of 'engage': find a problem owner/);

  // another role does not do; the problem owner does
  ok(db, ['deal', 'stakeholder', id, '--contact', String(ops.id), '--role', 'user'], { as, now });
  refused(fulcrum(db, ['deal', 'advance', id], { as, now }), 'exit-criteria', 'problem owner');
  const wrong = fulcrum(db, ['deal', 'stakeholder', id, '--contact', String(ops.id), '--role', 'boss'], { as, now });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /'role' must be one of .*problem_owner/);
  ok(db, ['deal', 'stakeholder', id, '--contact', String(buyer.id), '--role', 'problem_owner'], { as, now });
  assert.match(ok(db, ['deal', 'show', id], { as, now }).stdout, /Alice Buyer \(#\d+\): problem_owner/);
  assert.ok(!ok(db, ['agenda'], { as, now, json: true }).json().some((i) => i.kind === 'missing_person'));
  assert.equal(ok(db, ['deal', 'advance', id], { as, now, json: true }).json().step, 'comfort');
});

// "Wrong thing or wrong person" (issue 16): a deal is disqualified, not
// lost, for a reason of the list; it leaves the win rate alone, is reported
// apart and can be reopened. Wants without a fit put it on the agenda.
test('a deal is disqualified with a reason, reported apart, and reopened', () => {
  const db = setup();
  const as = REP;
  const now = DAY;
  const mk = (title) => {
    const a = ok(db, ['account', 'add', `${title} Ltd`], { as, now, json: true }).json();
    const c = ok(db, ['contact', 'add', `${title} Lead`, '--account', String(a.id)], { as, now, json: true }).json();
    return ok(db, ['deal', 'add', title, '--account', String(a.id), '--contact', String(c.id), '--value', '5000',
      '--next', 'Call', '--due', '2026-03-30'], { as, now, json: true }).json();
  };
  const lost = mk('Lost one');
  ok(db, ['deal', 'lose', String(lost.id), '--reason', 'price'], { as, now });
  const won = mk('Won one');
  ok(db, ['want', 'add', '--deal', String(won.id), '--kind', 'objective', '--importance', '3', 'Close faster'], { as, now });
  ok(db, ['deal', 'win', String(won.id), '--force', '--reason', 'signed at the fair'], { as: 'mona@acme.test', now });
  const deal = mk('Wrong fit');
  const id = String(deal.id);
  ok(db, ['deal', 'advance', id, '--to', 'discover', '--force', '--reason', 'known need'], { as: 'mona@acme.test', now });
  ok(db, ['want', 'add', '--deal', id, '--kind', 'objective', '--importance', '4', 'Run on mainframes'], { as, now });

  // wants without any fit: on the agenda after the process's no_fit_days (14)
  const day = (d) => `2026-03-${String(d).padStart(2, '0')}`;
  const noFit = (d) => ok(db, ['agenda'], { as, now: day(d), json: true }).json()
    .find((i) => i.deal_id === deal.id && i.kind === 'no_fit');
  assert.equal(noFit(16), undefined, 'not before the limit');
  const item = noFit(17);
  assert.ok(item, 'a disqualification candidate after 14 days');
  assert.equal(item.disqualify_reason, 'no_fit');
  assert.match(item.reason, /no fit for the one of its 1 want in 15 days \(the limit is 14\): find what gives them what they want, or disqualify it \(no_fit\)/);

  // the reason comes from the list; a note is kept
  const none = fulcrum(db, ['deal', 'disqualify', id], { as, now });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /'reason' must be one of wrong_person, no_need, wrong_timing, no_fit/);
  assert.equal(fulcrum(db, ['deal', 'disqualify', id, '--reason', 'too_pricey'], { as, now }).code, 1);
  const dq = ok(db, ['deal', 'disqualify', id, '--reason', 'no_fit', '--note', 'nothing of ours runs there'],
    { as, now: day(17), json: true }).json();
  assert.equal(dq.status, 'disqualified');
  assert.equal(dq.disqualified_reason, 'no_fit');
  assert.equal(dq.disqualified_note, 'nothing of ours runs there');
  assert.match(ok(db, ['deal', 'show', id], { as }).stdout, /disqualified: no_fit: nothing of ours runs there/);
  assert.ok(!ok(db, ['agenda'], { as, now: day(17), json: true }).json().some((i) => i.deal_id === deal.id),
    'a disqualified deal leaves the agenda');
  const ev = ok(db, ['deal', 'history', id], { as, json: true }).json().find((e) => e.action === 'disqualified');
  assert.equal(ev.reason, 'no_fit');
  assert.equal(ev.actor, 'Rita');
  assert.deepEqual(ev.data, { note: 'nothing of ours runs there' });
  const moved = fulcrum(db, ['deal', 'advance', id], { as, now });
  assert.equal(moved.code, 1);
  assert.match(moved.stderr, /is disqualified, not open: reopen it first/);

  // the win rate is won / (won + lost); disqualified deals are reported apart
  const wr = ok(db, ['report', 'winrate'], { as: 'boss@acme.test', json: true }).json();
  assert.equal(wr.totals.won, 1);
  assert.equal(wr.totals.lost, 1);
  assert.equal(wr.totals.win_rate, 0.5);
  const pipe = ok(db, ['report', 'pipeline'], { as: 'boss@acme.test', json: true }).json();
  assert.equal(pipe.totals.deals, 0, 'not open either');
  const rep = ok(db, ['report', 'disqualified'], { as: 'boss@acme.test', json: true }).json();
  assert.deepEqual(rep.rows.map((r) => [r.reason, r.deals]),
    [['wrong_person', 0], ['no_need', 0], ['wrong_timing', 0], ['no_fit', 1]]);
  assert.equal(rep.totals.deals, 1);
  assert.equal(rep.deals[0].title, 'Wrong fit');
  assert.equal(rep.deals[0].owner, 'Rita');
  assert.equal(rep.deals[0].note, 'nothing of ours runs there');
  const text = ok(db, ['report', 'disqualified'], { as: 'boss@acme.test' }).stdout;
  assert.match(text, /no_fit/);
  assert.match(text, /USD 5,000\.00/);

  // only an open deal being sold; a disqualified one reopens like a lost one
  const closed = fulcrum(db, ['deal', 'disqualify', String(won.id), '--reason', 'no_need'], { as, now });
  assert.equal(closed.code, 1);
  assert.match(closed.stderr, /is won, not open/);
  const wonAgain = ok(db, ['deal', 'reopen', String(won.id)], { as: 'mona@acme.test', now, json: true }).json();
  assert.equal(wonAgain.status, 'open');
  const back = ok(db, ['deal', 'reopen', id], { as, now: day(18), json: true }).json();
  assert.equal(back.status, 'open');
  assert.equal(back.step, 'discover');
  assert.equal(back.disqualified_reason, null);
  assert.equal(ok(db, ['report', 'disqualified'], { as: 'boss@acme.test', json: true }).json().totals.deals, 0);
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

// Step 6 in full (issue 16, follow-up). A won deal with its wants, won by a
// manager's forced win: the quickest honest way to a delivered customer.
function wonDeal(db, title, delivered, now) {
  const as = REP;
  const a = ok(db, ['account', 'add', `${title} Ltd`], { as, now, json: true }).json();
  const c = ok(db, ['contact', 'add', `${title} Buyer`, '--account', String(a.id)], { as, now, json: true }).json();
  const d = ok(db, ['deal', 'add', title, '--account', String(a.id), '--contact', String(c.id),
    '--value', '5000', '--next', 'Call', '--due', now], { as, now, json: true }).json();
  ok(db, ['want', 'add', '--deal', String(d.id), '--kind', 'objective', '--importance', '4', 'Ship faster'], { as, now });
  ok(db, ['deal', 'win', String(d.id), '--force', '--reason', 'signed on paper', '--delivered', delivered],
    { as: 'mona@acme.test', now });
  return { deal: d, account: a, contact: c };
}

test('step 6: one check per delivery, never before it; periodic checks; low scores recovered', () => {
  const db = setup();
  const as = REP;
  const { deal } = wonDeal(db, 'Umbrella', '2026-03-10', '2026-03-05');
  const id = String(deal.id);

  // a satisfaction check is not taken before the delivery date
  refused(fulcrum(db, ['check', id, '--score', '4'], { as, now: '2026-03-08' }), 'check-after-delivery', '2026-03-10');
  ok(db, ['check', id, '--score', '4', '--notes', 'fine'], { as, now: '2026-03-10' });
  // one check per delivery
  refused(fulcrum(db, ['check', id, '--score', '5'], { as, now: '2026-03-11' }), 'one-check-per-delivery', '2026-09-10');

  // an active customer's next check falls due check_every_months (6) later
  let checks = ok(db, ['check', 'list', '--deal', id], { as, json: true }).json();
  assert.deepEqual(checks.map((c) => [c.kind, c.due, c.delivered_on, c.score]),
    [['delivery', '2026-03-24', '2026-03-10', 4], ['periodic', '2026-09-10', null, null]]);
  const onAgenda = (who, now, kind) => ok(db, ['agenda'], { as: who, now, json: true }).json()
    .filter((i) => i.kind === kind && i.deal_id === deal.id);
  assert.equal(onAgenda(as, '2026-09-09', 'check').length, 0, 'not before it is due');
  const [periodic] = onAgenda(as, '2026-09-10', 'check');
  assert.equal(periodic.check_kind, 'periodic');
  assert.match(periodic.reason, /^periodic satisfaction check due 2026-09-10/);

  // a low score puts a recovery item on the owner's and the manager's agenda
  ok(db, ['check', id, '--score', '2', '--notes', 'support is slow'], { as, now: '2026-09-10' });
  const [mine] = onAgenda(as, '2026-09-11', 'recovery');
  assert.match(mine.reason, /^your customer 'Umbrella Ltd' scored 2 of 5 on 2026-09-10/);
  assert.match(mine.guidance, /log the call on the deal/);
  assert.equal(mine.check_score, 2);
  const [monas] = onAgenda('mona@acme.test', '2026-09-11', 'recovery');
  assert.match(monas.reason, /^Rita's customer 'Umbrella Ltd' scored 2 of 5/);
  assert.equal(onAgenda('sam@acme.test', '2026-09-11', 'recovery').length, 0, 'not another team');
  assert.match(ok(db, ['agenda', '--explain'], { as, now: '2026-09-11' }).stdout, /\[recovery\][^\n]*\n[^\n]*\n\s+score \d+ = base 950/);
  // a call logged on the deal is the recovery: the item clears for both
  ok(db, ['log', 'call', '--deal', id, '--notes', 'agreed a support plan'], { as, now: '2026-09-12' });
  assert.equal(onAgenda(as, '2026-09-12', 'recovery').length, 0);
  assert.equal(onAgenda('mona@acme.test', '2026-09-12', 'recovery').length, 0);

  // a new delivery schedules its own check, again not before the delivery
  ok(db, ['deal', 'deliver', id, '--date', '2026-10-01'], { as, now: '2026-09-20' });
  assert.equal(fulcrum(db, ['deal', 'deliver', id, '--date', '2026-10-01'], { as, now: '2026-09-20' }).code, 1);
  refused(fulcrum(db, ['check', id, '--score', '5'], { as, now: '2026-09-25' }), 'check-after-delivery', '2026-10-01');
  ok(db, ['check', id, '--score', '5'], { as, now: '2026-10-02' });
  refused(fulcrum(db, ['check', id, '--score', '5'], { as, now: '2026-10-03' }), 'one-check-per-delivery');
  checks = ok(db, ['check', 'list', '--deal', id, '--kind', 'delivery'], { as, json: true }).json();
  assert.deepEqual(checks.map((c) => [c.delivered_on, c.due, c.score]),
    [['2026-03-10', '2026-03-24', 4], ['2026-10-01', '2026-10-15', 5]]);
  assert.ok(ok(db, ['deal', 'history', id], { as, json: true }).json().some((e) => e.action === 'delivered'));
  // an open deal takes no delivery
  const open = ok(db, ['deal', 'add', 'Open one', '--account', String(deal.account_id), '--contact',
    String(deal.contact_id), '--next', 'Call', '--due', '2026-10-05'], { as, now: '2026-10-03', json: true }).json();
  refused(fulcrum(db, ['deal', 'deliver', String(open.id)], { as, now: '2026-10-03' }), 'follow-up');

  // a process with check_every_months 0 schedules no periodic check
  const proc = ok(db, ['process', 'export'], { as: 'boss@acme.test', json: true }).json();
  assert.equal(proc.check_every_months, 6);
  const { tmpDir } = require('../lib/tmp.js');
  const file = require('node:path').join(tmpDir('walk-process'), 'p.json');
  require('node:fs').writeFileSync(file, JSON.stringify({ ...proc, id: undefined, check_every_months: 0 }));
  ok(db, ['process', 'import', file], { as: 'boss@acme.test' });
  const quiet = wonDeal(db, 'Quiet', '2026-10-05', '2026-10-05');
  ok(db, ['check', String(quiet.deal.id), '--score', '3'], { as, now: '2026-10-06' });
  assert.deepEqual(ok(db, ['check', 'list', '--deal', String(quiet.deal.id)], { as, json: true }).json()
    .map((c) => c.kind), ['delivery']);
});

test('referrals: linked to the deal they produced and credited in report referrals', () => {
  const db = setup();
  const as = REP;
  const now = '2026-03-05';
  const { deal: source, contact: hank } = wonDeal(db, 'Globex', '2026-03-05', now);
  const a = ok(db, ['account', 'add', 'Initech'], { as, now, json: true }).json();
  const ivy = ok(db, ['contact', 'add', 'Ivy', '--account', String(a.id)], { as, now, json: true }).json();
  const ref = ok(db, ['referral', 'add', '--from', String(hank.id), '--contact', String(ivy.id),
    '--source-deal', String(source.id)], { as, now, json: true }).json();
  const mk = (title, extra = []) => ok(db, ['deal', 'add', title, '--account', String(a.id), '--contact', String(ivy.id),
    '--value', '7000', '--next', 'Call', '--due', '2026-03-09', ...extra], { as, now, json: true }).json();
  // deal add --referral links the deal the referral produced
  const referred = mk('Initech pilot', ['--referral', String(ref.id)]);
  assert.equal(referred.source_referral_id, ref.id);
  assert.equal(ok(db, ['referral', 'show', String(ref.id)], { as, json: true }).json().deal_id, referred.id);
  // the won value is credited once: one deal per referral, one referral per deal
  refused(fulcrum(db, ['deal', 'add', 'Twice', '--account', String(a.id), '--contact', String(ivy.id),
    '--next', 'Call', '--due', '2026-03-09', '--referral', String(ref.id)], { as, now }), 'referral-credit', 'already produced');
  const other = mk('Initech other');
  refused(fulcrum(db, ['referral', 'link', String(ref.id), '--deal', String(other.id)], { as, now }), 'referral-credit');
  refused(fulcrum(db, ['referral', 'link', String(ref.id), '--deal', String(source.id)], { as, now }), 'referral-credit');
  // referral link: a second referral, to a deal with the referred contact
  const ref2 = ok(db, ['referral', 'add', '--from', String(hank.id), '--contact', String(ivy.id)], { as, now, json: true }).json();
  refused(fulcrum(db, ['referral', 'link', String(ref2.id), '--deal', String(referred.id)], { as, now }),
    'referral-credit', 'already came from referral');
  ok(db, ['referral', 'link', String(ref2.id), '--deal', String(other.id)], { as, now });
  assert.ok(ok(db, ['deal', 'history', String(other.id)], { as, json: true }).json()
    .some((e) => e.action === 'referral' && e.data.referral_id === ref2.id));

  // the referred deal is won, the other lost; a deal without a referral is lost too
  ok(db, ['want', 'add', '--deal', String(referred.id), '--kind', 'objective', '--importance', '4', 'x'], { as, now });
  ok(db, ['deal', 'win', String(referred.id), '--force', '--reason', 'signed'], { as: 'mona@acme.test', now: '2026-03-20' });
  ok(db, ['deal', 'lose', String(other.id), '--reason', 'budget'], { as, now: '2026-03-21' });
  assert.equal(ok(db, ['referral', 'show', String(ref.id)], { as, json: true }).json().status, 'won');

  const rep = ok(db, ['report', 'referrals'], { as, json: true, now: '2026-03-22' }).json();
  assert.equal(rep.currency, 'USD');
  assert.deepEqual(rep.rows, [{ contact_id: hank.id, contact_name: 'Globex Buyer', account_id: source.account_id,
    account_name: 'Globex Ltd', referrals: 2, deals: 2, won: 1, lost: 1, won_minor: 700000, win_rate: 0.5 }]);
  assert.deepEqual(rep.accounts.map((r) => [r.account_name, r.won_minor]), [['Globex Ltd', 700000]]);
  assert.deepEqual(rep.source_deals.map((r) => [r.deal_id, r.deal_name, r.referrals, r.won_minor]),
    [[source.id, 'Globex', 1, 700000]]);
  // conversion: referred deals 1 won of 2 closed; the others: Globex won
  assert.equal(rep.totals.referred_win_rate, 0.5);
  assert.equal(rep.totals.other_won, 1);
  assert.equal(rep.totals.other_win_rate, 1);
  const text = ok(db, ['report', 'referrals'], { as, now: '2026-03-22' }).stdout;
  assert.match(text, /Globex Buyer\s+Globex Ltd\s+2\s+2\s+1\s+50%\s+USD 7,000\.00/);
  assert.match(text, /referred_win_rate\s+50%/);
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

// Issue 16, step 5 and keeping promises: the order, forced wins under R3,
// missed promises, moved promises, the overdue ranking and planned or
// reactive interactions, each with its named refusal or agenda item.
function dealFor(db, as, title, due, now = DAY) {
  const a = ok(db, ['account', 'add', `${title} Ltd`], { as, now, json: true }).json();
  const c = ok(db, ['contact', 'add', `${title} Buyer`, '--account', String(a.id)], { as, now, json: true }).json();
  return ok(db, ['deal', 'add', title, '--account', String(a.id), '--contact', String(c.id),
    '--next', `${title} call`, '--due', due], { as, now, json: true }).json();
}

test('step 5: a win needs the order; a forced win needs a manager, a reason and the wants (R3)', () => {
  const db = setup();
  const now = DAY;
  const d = dealFor(db, REP, 'Order', '2026-03-03');
  const id = String(d.id);
  // a forced win from engage skips no rule of the fulcrum: no wants, no win
  refused(fulcrum(db, ['deal', 'win', id, '--force', '--reason', 'signed at the fair'], { as: 'mona@acme.test', now }),
    'fulcrum', 'without recorded wants');
  assert.equal(ok(db, ['deal', 'show', id], { as: REP, json: true }).json().status, 'open');
  ok(db, ['want', 'add', '--deal', id, '--kind', 'objective', '--importance', '4', 'Invoices out the same day'], { as: REP, now });
  // the rep walks it to agree; an agreement is not the order
  ok(db, ['deal', 'advance', id, '--to', 'agree', '--force', '--reason', 'known customer'], { as: 'mona@acme.test', now });
  ok(db, ['log', 'call', '--deal', id, '--agreed', 'Send the order form', '--due', '2026-03-04'], { as: REP, now });
  refused(fulcrum(db, ['deal', 'win', id], { as: REP, now }), 'order-required', "in step 'agree'");
  // an order is an agreement: it cannot say there was none
  assert.equal(fulcrum(db, ['log', 'call', '--deal', id, '--order', '--no-agreement'], { as: REP, now }).code, 2);
  const order = ok(db, ['log', 'meeting', '--deal', id, '--order', '--agreed', 'Kick-off', '--due', '2026-03-09'],
    { as: REP, now, json: true }).json();
  assert.equal(order.agreement_type, 'order');
  assert.equal(order.agreement, true);
  assert.equal(ok(db, ['deal', 'win', id], { as: REP, now, json: true }).json().status, 'won');

  // a manager's forced win with a reason, once the wants are known
  const f = dealFor(db, REP, 'Forced', '2026-03-03');
  ok(db, ['want', 'add', '--deal', String(f.id), '--kind', 'problem', '--importance', '3', 'Late invoices'], { as: REP, now });
  assert.equal(fulcrum(db, ['deal', 'win', String(f.id), '--force'], { as: 'mona@acme.test', now }).code, 1);
  const forced = ok(db, ['deal', 'win', String(f.id), '--force', '--reason', 'signed on paper'], { as: 'mona@acme.test', now, json: true }).json();
  assert.equal(forced.status, 'won');
});

test('keeping promises: missed after the grace period, once; a moved promise says why', () => {
  const db = setup();
  const d = dealFor(db, REP, 'Slip', '2026-03-04');
  const id = String(d.id);
  const sweep = (now) => ok(db, ['promises', 'sweep'], { as: REP, now, json: true }).json().recorded;
  const missed = () => ok(db, ['deal', 'history', id, '--all'], { as: REP, json: true }).json()
    .filter((e) => e.action === 'missed');
  // due on the 4th, two days' grace: still kept on the 6th, missed on the 7th
  assert.equal(sweep('2026-03-06'), 0);
  assert.equal(sweep('2026-03-07'), 1);
  assert.equal(sweep('2026-03-07'), 0, 'recorded once');
  assert.equal(sweep('2026-03-20'), 0, 'and only once');
  const ev = missed();
  assert.equal(ev.length, 1);
  assert.equal(ev[0].entity, 'next_step');
  assert.equal(ev[0].data.due, '2026-03-04');
  assert.equal(ev[0].data.missed_on, '2026-03-07');
  const disc = ok(db, ['report', 'discipline'], { as: REP, now: '2026-03-20', json: true }).json();
  assert.equal(disc.totals.missed, 1);
  assert.equal(disc.totals.overdue, 1);
  assert.match(ok(db, ['report', 'discipline'], { as: REP, now: '2026-03-20' }).stdout, /missed/);

  // moving the date needs its reason, which the history keeps
  refused(fulcrum(db, ['next', 'move', id, '--due', '2026-03-25'], { as: REP, now: '2026-03-20' }),
    'promise-move-reason', 'say why');
  ok(db, ['next', 'move', id, '--due', '2026-03-25', '--reason', 'their CFO is away'], { as: REP, now: '2026-03-20' });
  const moved = ok(db, ['deal', 'history', id], { as: REP, json: true }).json().find((e) => e.action === 'next_step_moved');
  assert.equal(moved.reason, 'their CFO is away');
  assert.deepEqual([moved.data.from, moved.data.to], ['2026-03-04', '2026-03-25']);
  // the moved promise is a new promise: missed again, it counts again
  assert.equal(sweep('2026-03-27'), 0);
  assert.equal(sweep('2026-03-28'), 1);
  assert.equal(missed().length, 2);
  // the discipline report sweeps before it counts, without a cron job
  const other = dealFor(db, REP, 'Quiet', '2026-03-05');
  assert.equal(ok(db, ['report', 'discipline'], { as: REP, now: '2026-03-28', json: true }).json().totals.missed, 3);
  assert.equal(ok(db, ['deal', 'history', String(other.id), '--all'], { as: REP, json: true }).json()
    .filter((e) => e.action === 'missed').length, 1);

  // a promise settled past its grace days is missed even when no sweep ran
  // first: replaced by a new next step, done late, or its deal closed
  const missedOf = (deal) => ok(db, ['deal', 'history', String(deal.id), '--all'], { as: REP, json: true }).json()
    .filter((e) => e.action === 'missed').map((e) => [e.data.due, e.data.missed_on, e.actor_id]);
  const replaced = dealFor(db, REP, 'Replaced', '2026-04-01', '2026-03-28');
  ok(db, ['next', String(replaced.id), '--what', 'Call again', '--due', '2026-04-20'], { as: REP, now: '2026-04-10' });
  assert.deepEqual(missedOf(replaced), [['2026-04-01', '2026-04-04', null]]);
  const lateDone = dealFor(db, REP, 'Done late', '2026-04-01', '2026-03-28');
  ok(db, ['next', 'done', String(lateDone.id)], { as: REP, now: '2026-04-05' });
  assert.deepEqual(missedOf(lateDone), [['2026-04-01', '2026-04-04', null]]);
  const lost = dealFor(db, REP, 'Lost late', '2026-04-01', '2026-03-28');
  ok(db, ['deal', 'lose', String(lost.id), '--reason', 'went quiet'], { as: REP, now: '2026-04-09' });
  assert.deepEqual(missedOf(lost), [['2026-04-01', '2026-04-04', null]]);
  // within the grace days it was kept, and a later sweep adds nothing
  const kept = dealFor(db, REP, 'Kept', '2026-04-01', '2026-03-28');
  ok(db, ['next', String(kept.id), '--what', 'Send terms', '--due', '2026-04-20'], { as: REP, now: '2026-04-03' });
  assert.deepEqual(missedOf(kept), []);
  assert.equal(sweep('2026-04-12'), 0);
  assert.equal(ok(db, ['report', 'discipline'], { as: REP, now: '2026-04-12', json: true }).json().totals.missed, 6);
});

test('the agenda ranks a promise higher the longer it is overdue, and explains it', () => {
  const db = setup();
  const older = dealFor(db, REP, 'Ancient', '2026-03-02');
  const newer = dealFor(db, REP, 'Old', '2026-03-02', '2026-03-02');
  // seen 234 and 77 days after their due days (the other one moved later)
  ok(db, ['next', 'move', String(newer.id), '--due', '2026-06-19', '--reason', 'they asked for June'], { as: REP, now: DAY });
  const items = ok(db, ['agenda', '--explain'], { as: REP, now: '2026-10-22', json: true }).json()
    .filter((i) => i.kind === 'promise');
  assert.deepEqual(items.map((i) => [i.deal_id, i.days_overdue]), [[older.id, 234], [newer.id, 125]]);
  assert.ok(items[0].score > items[1].score, 'more days overdue, higher score');
  const at77 = ok(db, ['agenda', '--explain'], { as: REP, now: '2026-09-04', json: true }).json()
    .find((i) => i.deal_id === newer.id);
  assert.equal(at77.days_overdue, 77);
  assert.ok(items[0].explain.overdue_points > at77.explain.overdue_points, '234 days outrank 77');
  const text = ok(db, ['agenda', '--explain'], { as: REP, now: '2026-10-22' }).stdout;
  assert.match(text, /overdue: 10 a day for the first 30 days overdue, then 50 for each doubling of the days \(234 days: \d+\)/);
});

test('planned or reactive: an interaction is planned when it keeps the agreed next step', () => {
  const db = setup();
  const d = dealFor(db, REP, 'Plan', '2026-03-10');
  const id = String(d.id);
  const log = (now, ...extra) => ok(db, ['log', 'call', '--deal', id, '--no-agreement', ...extra],
    { as: REP, now, json: true }).json().planned;
  assert.equal(log('2026-03-03'), false, 'a week early: reactive');
  assert.equal(log('2026-03-08'), true, 'within the grace days of the due day: planned');
  assert.equal(log('2026-03-10'), true, 'on the day: planned');
  assert.equal(log('2026-03-10', '--reactive'), false, 'said reactive');
  assert.equal(log('2026-03-03', '--planned'), true, 'said planned, with a promise open');
  assert.equal(fulcrum(db, ['log', 'call', '--deal', id, '--no-agreement', '--planned', '--reactive'], { as: REP }).code, 2);
  ok(db, ['next', 'done', id], { as: REP, now: '2026-03-10' });
  // no promise open: nothing to keep
  assert.equal(log('2026-03-11'), false);
  refused(fulcrum(db, ['log', 'call', '--deal', id, '--no-agreement', '--planned'], { as: REP, now: '2026-03-11' }),
    'planned-needs-promise', 'reactive');
  const disc = ok(db, ['report', 'discipline'], { as: REP, now: '2026-03-11', json: true }).json().totals;
  assert.deepEqual([disc.interactions, disc.planned, disc.reactive, disc.planned_share], [6, 3, 3, 0.5]);
});

test('custom fields: an admin defines them, values obey their types, and one required at a step blocks the move until filled', () => {
  const db = setup();
  const now = DAY;
  const boss = 'boss@acme.test';
  // only admins define fields
  const rep = fulcrum(db, ['field', 'add', 'region', '--kind', 'account', '--type', 'text'], { as: REP, now });
  assert.equal(rep.code, 1, rep.stderr);
  assert.match(rep.stderr, /only admins change fields/);
  ok(db, ['field', 'add', 'contract_no', '--kind', 'deal', '--type', 'text', '--label', 'Contract number',
    '--required-at', 'engage'], { as: boss, now });
  ok(db, ['field', 'add', 'budget', '--kind', 'deal', '--type', 'money', '--currency', 'EUR'], { as: boss, now });
  ok(db, ['field', 'add', 'tier', '--kind', 'deal', '--type', 'choice', '--choices', 'gold, silver'], { as: boss, now });
  ok(db, ['field', 'add', 'partner', '--kind', 'deal', '--type', 'account'], { as: boss, now });
  refused(fulcrum(db, ['field', 'add', 'x', '--kind', 'account', '--type', 'text', '--required-at', 'engage'],
    { as: boss, now }), 'custom-field', 'only a deal field');
  refused(fulcrum(db, ['field', 'add', 'y', '--kind', 'deal', '--type', 'choice'], { as: boss, now }),
    'custom-field', "needs 'choices'");

  const d = dealFor(db, REP, 'Fields', '2026-03-04');
  const id = String(d.id);
  ok(db, ['contact', 'edit', String(d.contact_id), '--need', 'faster books', '--timing', '2026-02-01..2026-06-30'],
    { as: REP, now });
  // the step's checklist lists the field, and the move is refused naming it
  const shown = ok(db, ['deal', 'show', id], { as: REP, now, json: true }).json();
  assert.deepEqual(shown.checklist.map((i) => [i.item, i.done]).slice(-1), [["the field 'Contract number'", false]]);
  refused(fulcrum(db, ['deal', 'advance', id], { as: REP, now }), 'exit-criteria',
    "step 'engage' needs the field 'Contract number'");

  // bad values are refused by the rule, and nothing is written
  refused(fulcrum(db, ['deal', 'edit', id, '--field', 'tier=bronze', '--field', 'contract_no=C-1'], { as: REP, now }),
    'custom-field', "one of gold|silver, not 'bronze'");
  refused(fulcrum(db, ['deal', 'edit', id, '--field', 'budget=1.234'], { as: REP, now }), 'custom-field', 'decimals');
  refused(fulcrum(db, ['deal', 'edit', id, '--field', 'partner=999'], { as: REP, now }), 'custom-field',
    'links to no account 999');
  refused(fulcrum(db, ['deal', 'edit', id, '--field', 'colour=red'], { as: REP, now }), 'custom-field', "no field 'colour'");
  assert.deepEqual(ok(db, ['deal', 'show', id], { as: REP, json: true }).json().custom, {});

  ok(db, ['deal', 'edit', id, '--field', 'contract_no=C-77', '--field', 'budget=€1,200.50', '--field', 'tier=gold',
    '--field', `partner=${d.account_id}`], { as: REP, now });
  const after = ok(db, ['deal', 'show', id], { as: REP, json: true }).json();
  assert.deepEqual(after.custom, { contract_no: 'C-77', budget: 1200.5, tier: 'gold', partner: d.account_id });
  const text = ok(db, ['deal', 'show', id], { as: REP, now }).stdout;
  assert.match(text, /Contract number: C-77/);
  assert.match(text, /partner: \d+ \(Fields Ltd\)/, 'a link shows the account by name');
  assert.equal(ok(db, ['deal', 'advance', id], { as: REP, now, json: true }).json().step, 'comfort');

  // lists filter by a custom field, and show it as a column
  dealFor(db, REP, 'Other', '2026-03-04');
  const gold = ok(db, ['deal', 'list', '--where', 'tier=gold'], { as: REP, now, json: true }).json();
  assert.deepEqual(gold.map((x) => x.title), ['Fields']);
  const unset = ok(db, ['deal', 'list', '--where', 'tier='], { as: REP, now, json: true }).json();
  assert.deepEqual(unset.map((x) => x.title), ['Other']);
  assert.match(ok(db, ['deal', 'list'], { as: REP, now }).stdout.split('\n')[0], /contract_no +budget +tier +partner/);
  // clearing a value, and a field that holds values is archived, not deleted
  ok(db, ['deal', 'edit', id, '--field', 'tier='], { as: REP, now });
  assert.equal(ok(db, ['deal', 'show', id], { as: REP, json: true }).json().custom.tier, undefined);
  assert.match(ok(db, ['field', 'remove', 'contract_no'], { as: boss, now }).stdout, /archived field \d+/);
  assert.equal(ok(db, ['deal', 'show', id], { as: REP, json: true }).json().custom.contract_no, undefined);
  assert.match(ok(db, ['field', 'remove', 'tier'], { as: boss, now }).stdout, /deleted field \d+/);
});
