// The demo's history is made so that following the process pays (core/demo,
// draw_habits()): the reports must find it. On `fulcrum demo`, `report
// adherence` shows the deals that followed the process winning more and
// closing sooner, and `report coaching` shows the rep who is behind (rep3)
// with the worst habits and names the step where they lose most, with its
// guidance. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/coaching-demo.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const NOW = '2026-03-02T10:00:00Z';
let db;
let dir;

test.before(() => {
  ({ db, dir } = freshDb('coaching-demo'));
  ok(db, ['--quiet', 'demo', '--seed', '7', '--deals', '300'], { now: NOW });
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const report = (name, as = 'admin@demo.test', args = []) =>
  ok(db, ['report', name, ...args], { as, now: NOW, json: true }).json();

test('adherence: the deals that followed the process win more and close sooner', () => {
  const rep = report('adherence');
  const [yes, no] = rep.overall;
  assert.equal(yes.followed, true);
  assert.ok(yes.deals >= 50 && no.deals >= 10, `followed ${yes.deals}, others ${no.deals}`);
  assert.ok(yes.win_rate > no.win_rate + 0.1,
    `followed win ${yes.win_rate}, others ${no.win_rate}`);
  assert.ok(yes.median_days < no.median_days,
    `followed ${yes.median_days} days, others ${no.median_days}`);
  // per step too, where the rushed deals were lost (discover)
  const row = (f) => rep.rows.find((r) => r.step === 'discover' && r.followed === f);
  assert.ok(row(true).win_rate > row(false).win_rate);
});

test('coaching: rep3 has the worst habits and loses most in discover', () => {
  const rep = report('coaching');
  const reps = [...new Set(rep.rows.map((r) => r.owner))];
  assert.ok(reps.length >= 6, reps.join(', '));
  const email = new Map(rep.rows.map((r) => [r.owner_id, r.owner]));
  const share = (habit) => new Map(rep.habits.filter((h) => h.habit === habit).map((h) => [email.get(h.owner_id), h.share]));
  const worst = (m, pick) => [...m.entries()].sort((a, b) => pick(a[1], b[1]))[0][0];
  assert.equal(worst(share('forced_moves'), (a, b) => b - a), 'rep3@demo.test');
  assert.equal(worst(share('agreement_rate'), (a, b) => a - b), 'rep3@demo.test');
  assert.equal(worst(share('next_step_coverage'), (a, b) => a - b), 'rep3@demo.test');

  const w = rep.weakest.find((x) => email.get(x.owner_id) === 'rep3@demo.test');
  assert.ok(w, 'rep3 has a weakest step');
  assert.equal(w.step, 'discover');
  assert.ok(w.shortfall > 0.1, `shortfall ${w.shortfall}`);
  assert.match(w.guidance, /\w/);
  // rep3 sees the same about themselves
  const own = report('coaching', 'rep3@demo.test');
  assert.equal(own.weakest[0].step, 'discover');
});
