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
