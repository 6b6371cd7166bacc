// `report coaching` and `report adherence` on a history built through the
// real CLI: two reps, four deals, every number checked (rates, Wilson
// intervals, medians, counts), and who may see whose coaching. Runs on
// SQLite and, in the PostgreSQL pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/coaching.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const RITA = 'rita@acme.test';	// follows the process
const SAM = 'sam@acme.test';	// rushes: forced moves, a next step left missing
const MONA = 'mona@acme.test';	// their manager
const NOW = '2026-03-10T12:00:00Z';
const at = (day, hm) => `2026-03-0${day}T${hm}:00Z`;

let db;
let dir;

function deal(as, now, title, acct, contact, due) {
  return String(ok(db, ['deal', 'add', title, '--account', String(acct), '--contact', String(contact),
    '--value', '1000', '--next', 'First call', '--due', due], { as, now, json: true }).json().id);
}

test.before(() => {
  ({ db, dir } = freshDb('coaching'));
  const now = at(1, '08:00');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test', '--admin-name', 'Boss'], { now });
  ok(db, ['user', 'add', '--email', MONA, '--name', 'Mona', '--role', 'manager', '--team', 'east'], { now });
  ok(db, ['user', 'add', '--email', RITA, '--name', 'Rita', '--team', 'east'], { now });
  ok(db, ['user', 'add', '--email', SAM, '--name', 'Sam', '--team', 'east'], { now });
  ok(db, ['offering', 'add', 'Ledger Pro', '--price', '9000'], { now });
  const people = {};
  for (const as of [RITA, SAM]) {
    const acct = ok(db, ['account', 'add', `${as} Co`], { as, now, json: true }).json().id;
    const c = ok(db, ['contact', 'add', `Buyer of ${as}`, '--account', String(acct)], { as, now, json: true }).json().id;
    ok(db, ['contact', 'edit', String(c), '--need', 'faster books', '--timing', '2026-02-01..2026-06-30'], { as, now });
    people[as] = [acct, c];
  }

  // A (Rita): every step by the book, won; cycle 4 days
  let as = RITA;
  const a = deal(as, at(2, '09:00'), 'A', ...people[as], '2026-03-04');
  ok(db, ['log', 'call', '--deal', a, '--agreed', 'Meet the team', '--due', '2026-03-05'], { as, now: at(2, '10:00') });
  ok(db, ['deal', 'advance', a], { as, now: at(2, '11:00') });
  ok(db, ['log', 'meeting', '--deal', a, '--agreed', 'Discovery', '--due', '2026-03-06', '--comfort', '3'], { as, now: at(3, '09:00') });
  ok(db, ['deal', 'advance', a], { as, now: at(3, '10:00') });
  const w1 = ok(db, ['want', 'add', '--deal', a, '--kind', 'objective', '--importance', '3', 'Close in two days'], { as, now: at(4, '08:00'), json: true }).json().id;
  const w2 = ok(db, ['want', 'add', '--deal', a, '--kind', 'problem', '--importance', '3', 'Manual matching'], { as, now: at(4, '08:00'), json: true }).json().id;
  ok(db, ['log', 'meeting', '--deal', a, '--agreed', 'Demo', '--due', '2026-03-07'], { as, now: at(4, '09:00') });
  ok(db, ['deal', 'advance', a], { as, now: at(4, '10:00') });
  ok(db, ['fit', 'add', '--want', String(w1), '--offering', '1', 'Closes in two days'], { as, now: at(5, '08:00') });
  ok(db, ['fit', 'add', '--want', String(w2), '--offering', '1', 'Matches by itself'], { as, now: at(5, '08:00') });
  ok(db, ['log', 'meeting', '--deal', a, '--agreed', 'Proposal review', '--due', '2026-03-08'], { as, now: at(5, '09:00') });
  ok(db, ['deal', 'advance', a], { as, now: at(5, '10:00') });
  ok(db, ['log', 'meeting', '--deal', a, '--order', '--agreed', 'Kick-off', '--due', '2026-03-09'], { as, now: at(6, '09:00') });
  ok(db, ['deal', 'win', a, '--delivered', '2026-03-20'], { as, now: at(6, '10:00') });

  // B (Rita): an honest "no agreement" while its first call still stood, lost; cycle 2 days
  const b = deal(as, at(2, '09:30'), 'B', ...people[as], '2026-03-04');
  ok(db, ['log', 'call', '--deal', b, '--no-agreement'], { as, now: at(3, '12:00') });
  ok(db, ['deal', 'lose', b, '--reason', 'price'], { as, now: at(4, '12:00') });

  // C (Sam): forced on, its next step done with none to follow, then a talk
  // with no agreement and no promise standing; lost in comfort; cycle 3 days
  as = SAM;
  const c = deal(as, at(2, '09:00'), 'C', ...people[as], '2026-03-03');
  ok(db, ['log', 'call', '--deal', c, '--agreed', 'Meeting', '--due', '2026-03-04'], { as, now: at(2, '10:00') });
  ok(db, ['deal', 'advance', c, '--force', '--reason', 'in a hurry'], { as: MONA, now: at(2, '11:00') });
  ok(db, ['next', 'done', c], { as, now: at(3, '09:00') });
  ok(db, ['log', 'call', '--deal', c, '--no-agreement'], { as, now: at(3, '10:00') });
  ok(db, ['deal', 'lose', c, '--reason', 'price'], { as, now: at(5, '09:00') });

  // D (Sam): forced on, then talks with agreements; lost in comfort; cycle 5 days
  const d = deal(as, at(2, '09:30'), 'D', ...people[as], '2026-03-03');
  ok(db, ['log', 'call', '--deal', d, '--agreed', 'Meeting', '--due', '2026-03-05'], { as, now: at(2, '10:30') });
  ok(db, ['deal', 'advance', d, '--force', '--reason', 'in a hurry'], { as: MONA, now: at(2, '11:30') });
  ok(db, ['log', 'call', '--deal', d, '--agreed', 'Workshop', '--due', '2026-03-08'], { as, now: at(3, '09:30') });
  ok(db, ['deal', 'lose', d, '--reason', 'competitor'], { as, now: at(7, '09:00') });
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const close = (actual, expected, what) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-4, `${what}: ${actual}, expected ${expected}`);
const report = (name, as, args = []) =>
  ok(db, ['report', name, ...args], { as, now: NOW, json: true }).json();

test('adherence: the followers win one of two, the others none, with intervals and cycle times', () => {
  const rep = report('adherence', 'boss@acme.test');
  const [yes, no] = rep.overall;
  assert.equal(yes.followed, true);
  assert.deepEqual([yes.deals, yes.won, yes.lost], [2, 1, 1]);
  close(yes.win_rate, 0.5, 'followed win rate');
  close(yes.win_rate_low, 0.094531, 'followed low');
  close(yes.win_rate_high, 0.905469, 'followed high');
  assert.deepEqual([yes.median_days, yes.p25_days, yes.p75_days, yes.small], [2, 2, 4, true]);
  assert.equal(no.followed, false);
  assert.deepEqual([no.deals, no.won, no.lost], [2, 0, 2]);
  close(no.win_rate, 0, 'other win rate');
  close(no.win_rate_low, 0, 'other low');
  close(no.win_rate_high, 0.657620, 'other high');
  assert.deepEqual([no.median_days, no.p25_days, no.p75_days], [3, 3, 5]);
  assert.equal(rep.totals.deals, 4);
  assert.equal(rep.totals.followed, 2);

  // per step: C and D were forced out of engage; in comfort only C broke a habit
  const row = (step, followed) => rep.rows.find((r) => r.step === step && r.followed === followed);
  assert.deepEqual([row('engage', true).deals, row('engage', true).won], [2, 1]);
  assert.deepEqual([row('engage', false).deals, row('engage', false).won], [2, 0]);
  assert.deepEqual([row('comfort', true).deals, row('comfort', true).won], [2, 1]);
  assert.deepEqual([row('comfort', false).deals, row('comfort', false).won], [1, 0]);
  close(row('comfort', false).win_rate_high, 0.793451, 'comfort other high');
  assert.deepEqual([row('comfort', true).median_days, row('comfort', false).median_days], [4, 3]);
  assert.deepEqual([row('agree', true).deals, row('agree', false).deals], [1, 0]);
  assert.equal(row('agree', false).win_rate, null);
  assert.ok(!rep.rows.some((r) => r.step === 'follow_up'), 'no row for follow-up');
});

test('coaching: conversion and days per step beside the team, the habits, the weakest step', () => {
  const rep = report('coaching', MONA);
  const id = Object.fromEntries(rep.rows.map((r) => [r.owner, r.owner_id]));
  assert.deepEqual(rep.weakest.map((w) => [w.owner_id, w.owner_name, w.step]),
    [[id[RITA], 'Rita', 'engage'], [id[SAM], 'Sam', 'comfort']]);
  const row = (owner, step) => rep.rows.find((r) => r.owner === owner && r.step === step);
  const re = row(RITA, 'engage');
  assert.equal(re.owner_name, 'Rita');
  assert.deepEqual([re.entered, re.advanced, re.team_entered], [2, 1, 4]);
  close(re.conversion, 0.5, 'Rita engage');
  close(re.conversion_low, 0.094531, 'Rita engage low');
  close(re.team_conversion, 0.75, 'team engage');
  close(re.shortfall, 0.25, 'Rita engage shortfall');
  // stays in engage: A 2 h, B 50 h (lost): the nearest-rank median is 2 h
  close(re.median_days, 2 / 24, 'Rita engage median');
  // the team's four engage stays: 2, 2, 2, 50 hours
  close(re.team_median_days, 2 / 24, 'team engage median');
  assert.equal(re.small, true);
  assert.equal(re.weakest, true);
  const sc = row(SAM, 'comfort');
  assert.deepEqual([sc.entered, sc.advanced, sc.team_entered], [2, 0, 3]);
  close(sc.conversion, 0, 'Sam comfort');
  close(sc.team_conversion, 1 / 3, 'team comfort');
  close(sc.shortfall, 1 / 3, 'Sam comfort shortfall');
  // C stayed in comfort 70 h, D 117.5 h: median 70 h
  close(sc.median_days, 70 / 24, 'Sam comfort median');
  // the team's comfort stays: A 23 h, C 70 h, D 117 h
  close(sc.team_median_days, 70 / 24, 'team comfort median');
  close(row(SAM, 'engage').conversion, 1, 'Sam engage');
  assert.equal(row(SAM, 'present').conversion, null);

  const sw = rep.weakest.find((w) => w.owner_id === id[SAM]);
  assert.equal(sw.name, 'Make them comfortable with you');
  const process = ok(db, ['process', 'export'], { as: 'boss@acme.test', json: true }).json();
  const steps = process.steps || process.processes?.[0]?.steps;
  assert.equal(sw.guidance, steps.find((s) => s.key === 'comfort').guidance);

  const habit = (owner, h) => rep.habits.find((x) => x.owner_id === id[owner] && x.habit === h);
  const rAgree = habit(RITA, 'agreement_rate');
  assert.deepEqual([rAgree.count, rAgree.of], [6, 6]);
  close(rAgree.share, 1, 'Rita agreement');
  close(rAgree.share_low, 0.609666, 'Rita agreement low');
  close(rAgree.team_share, 9 / 10, 'team agreement');
  const sAgree = habit(SAM, 'agreement_rate');
  assert.deepEqual([sAgree.count, sAgree.of], [3, 4]);
  close(sAgree.share_low, 0.300642, 'Sam agreement low');
  close(sAgree.share_high, 0.954413, 'Sam agreement high');
  const sForced = habit(SAM, 'forced_moves');
  assert.deepEqual([sForced.count, sForced.of], [2, 2]);
  close(sForced.team_share, 2 / 7, 'team forced');
  assert.deepEqual([habit(RITA, 'forced_moves').count, habit(RITA, 'forced_moves').of], [0, 5]);
  const rWants = habit(RITA, 'wants_before_present');
  assert.deepEqual([rWants.count, rWants.of, rWants.share], [1, 1, 1]);
  assert.equal(habit(SAM, 'wants_before_present').share, null);
  assert.equal(habit(SAM, 'next_step_coverage').of, 0, 'no open deal');
  assert.equal(habit(RITA, 'checks_done').of, 0, 'the check is not due yet');
});

test('a rep sees only their own coaching; --owner narrows a manager to one rep', () => {
  const own = report('coaching', SAM);
  assert.deepEqual([...new Set(own.rows.map((r) => r.owner))], [SAM]);
  // the team beside them is still the whole team
  close(own.rows.find((r) => r.step === 'comfort').team_conversion, 1 / 3, 'team comfort for a rep');
  const r = fulcrum(db, ['report', 'coaching', '--owner', RITA], { as: SAM, now: NOW });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /only their own coaching/);
  const one = report('coaching', MONA, ['--owner', RITA]);
  assert.deepEqual([...new Set(one.rows.map((x) => x.owner))], [RITA]);
  const text = ok(db, ['report', 'coaching', '--owner', SAM], { as: MONA, now: NOW }).stdout;
  assert.match(text, /Sam/);
  assert.match(text, /weakest/);
  assert.match(text, /33\.3%/);
});
