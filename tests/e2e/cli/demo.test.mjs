// `fulcrum demo` end to end through the real binary: the same seed gives the
// same data, the services path and the bulk path agree, every step and status
// has deals, a rep's agenda shows only their deals, and the printed logins
// exist. Run alone: FULCRUM_BIN=build/fulcrum node --test tests/e2e/cli/demo.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpDir } from '../lib/tmp.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = process.env.FULCRUM_BIN ? path.resolve(process.env.FULCRUM_BIN)
  : path.join(ROOT, 'build', 'fulcrum');
const NOW = '2026-03-02T10:00:00Z';
const DIR = tmpDir('fulcrum-demo');

function run(db, args, { expect = 0 } = {}) {
  const r = spawnSync(BIN, ['--db', db, ...args], {
    encoding: 'utf8', maxBuffer: 64 << 20,
    env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: NOW },
  });
  assert.equal(r.status, expect, `fulcrum ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const json = (db, args) => JSON.parse(run(db, ['--json', ...args]));
const items = (v) => (Array.isArray(v) ? v : v.items);

const A = path.join(DIR, 'a.db');
const B = path.join(DIR, 'b.db');
const C = path.join(DIR, 'c.db');
let summary;
let heads;	// each database's history chain head, before other tests write

test.before(() => {
  summary = json(A, ['demo', '--seed', '7', '--deals', '300']);
  const text = run(B, ['demo', '--seed', '7', '--deals', '300']);
  assert.match(text, /admin@demo\.test/);
  assert.match(text, /demo1234/);
  run(C, ['--quiet', 'demo', '--seed', '7', '--deals', '300', '--path', 'bulk']);
  heads = [A, B, C].map((db) => json(db, ['verify']));
});
test.after(() => fs.rmSync(DIR, { recursive: true, force: true }));

test('the summary names the org, the counts and the logins', () => {
  assert.equal(summary.org, 'Demo Company');
  assert.equal(summary.deals, 300);
  assert.equal(summary.password, 'demo1234');
  assert.equal(summary.path, 'services');
  const c = summary.counts;
  assert.equal(c.deals_open + c.deals_won + c.deals_lost + c.deals_disqualified, 300);
  assert.ok(c.deals_disqualified > 0, 'some deals were disqualified, not lost');
  for (const k of ['accounts', 'contacts', 'interactions', 'wants', 'fits', 'checks', 'referrals'])
    assert.ok(c[k] > 0, `no ${k}`);
  const emails = summary.users.map((u) => u.email);
  assert.ok(emails.includes('admin@demo.test'));
  assert.ok(emails.includes('manager@demo.test'));
  assert.ok(emails.includes('rep1@demo.test'));
});

test('the same seed gives the same data, by either path', () => {
  const list = (db) => run(db, ['--json', 'deal', 'list', '--limit', '1000']);
  const agenda = (db) => run(db, ['--json', '--as', 'rep2@demo.test', 'agenda', '--limit', '200']);
  assert.equal(list(A), list(B));
  assert.equal(agenda(A), agenda(B));
  assert.equal(list(A), list(C), 'the bulk path writes what the services write');
  assert.equal(agenda(A), agenda(C));
  assert.equal(run(A, ['--json', 'pipeline']), run(C, ['--json', 'pipeline']));
  const h = (db) => run(db, ['--json', 'deal', 'history', '1']);
  assert.equal(h(A), h(C));
  // the report rollups too, which the bulk path rebuilds after its load
  for (const r of ['pipeline', 'funnel', 'velocity', 'winrate', 'agreements',
    'discipline', 'followup', 'forecast', 'disqualified']) {
    const rep = (db) => run(db, ['--json', 'report', r]);
    assert.equal(rep(A), rep(C), `report ${r}`);
  }
  const bt = (db) => run(db, ['--json', 'report', 'forecast', '--backtest', '--at', '2025-10-01']);
  assert.equal(bt(A), bt(C), 'the backtest');
  // and the search index, which the bulk path builds after its load
  for (const words of ['ana', 'kowalski', 'call']) {
    const find = (db) => run(db, ['--json', 'search', words, '--limit', '50']);
    assert.equal(find(A), find(C), `search ${words}`);
  }
});

test('the bulk path gives the same data whatever its batch size', () => {
  const E = path.join(DIR, 'e.db');
  run(E, ['--quiet', 'demo', '--seed', '7', '--deals', '300', '--path', 'bulk', '--batch', '7']);
  const list = (db) => run(db, ['--json', 'deal', 'list', '--limit', '1000']);
  assert.equal(list(A), list(E));
  for (const id of ['2', '13', '14'])
    assert.equal(run(A, ['--json', 'deal', 'history', id]), run(E, ['--json', 'deal', 'history', id]));
  assert.equal(run(A, ['--json', '--as', 'rep3@demo.test', 'agenda', '--limit', '200']),
    run(E, ['--json', '--as', 'rep3@demo.test', 'agenda', '--limit', '200']));
});

test('a different seed gives different data', () => {
  const D = path.join(DIR, 'd.db');
  run(D, ['--quiet', 'demo', '--seed', '8', '--deals', '50']);
  assert.notEqual(run(D, ['--json', 'deal', 'list', '--limit', '50']),
    run(A, ['--json', 'deal', 'list', '--limit', '50']));
});

test('deals stand in every step and status', () => {
  const deals = items(json(A, ['deal', 'list', '--limit', '1000']));
  assert.equal(deals.length, 300);
  const seen = new Set(deals.map((d) => `${d.step}/${d.status}`));
  for (const s of ['engage', 'comfort', 'discover', 'present', 'agree']) {
    assert.ok(seen.has(`${s}/open`), `no open deal at ${s}`);
    assert.ok(seen.has(`${s}/lost`), `no lost deal at ${s}`);
  }
  assert.ok(seen.has('follow_up/won'));
  // every open deal but a few has its agreed next step (R1)
  const open = deals.filter((d) => d.status === 'open');
  const without = open.filter((d) => !d.next_step_id);
  assert.ok(without.length > 0 && without.length < open.length / 5);
  const shown = json(A, ['deal', 'show', String(open[0].id)]);
  assert.equal(shown.id, open[0].id);
});

test("a rep's agenda shows only their deals, with every main kind", () => {
  const users = items(json(A, ['user', 'list']));
  const rep = users.find((u) => u.email === 'rep1@demo.test');
  assert.equal(rep.role, 'rep');
  const owner = new Map(items(json(A, ['deal', 'list', '--limit', '1000']))
    .map((d) => [d.id, d.owner_id]));
  const agenda = json(A, ['--as', 'rep1@demo.test', 'agenda', '--limit', '500']);
  assert.ok(agenda.length > 0);
  for (const it of agenda)
    if (it.deal_id) assert.equal(owner.get(it.deal_id), rep.id, `deal ${it.deal_id}`);
  const kinds = new Set(json(A, ['agenda', '--limit', '1000']).map((i) => i.kind));
  for (const k of ['promise', 'no_next_step', 'check', 'referral_ask', 'expansion_ask', 'engage'])
    assert.ok(kinds.has(k), `no ${k} item on the admin's agenda: ${[...kinds]}`);
});

// The first screen after the demo tells a believable story of today (NOW):
// promises mostly due in the coming two weeks, a few slipped, checks due
// this week, asks waiting, and one rep clearly behind on the process.
test('the demo tells the story of today', () => {
  const all = JSON.parse(run(A, ['export', 'json']));
  const today = NOW.slice(0, 10);
  const days = (d) => Math.round((Date.parse(d) - Date.parse(today)) / 86400000);
  const steps = new Map(all.next_steps.map((n) => [n.id, n]));
  const open = all.deals.filter((d) => d.status === 'open');
  const due = open.filter((d) => d.next_step_id).map((d) => days(steps.get(d.next_step_id).due));
  const overdue = due.filter((n) => n < 0).length / due.length;
  assert.ok(overdue >= 0.05 && overdue <= 0.2, `overdue next steps: ${(overdue * 100).toFixed(1)}%`);
  assert.ok(Math.min(...due) >= -30, `a promise ${-Math.min(...due)} days overdue`);
  const soon = due.filter((n) => n >= 0 && n <= 14).length / due.length;
  assert.ok(soon > 0.6, `next steps due within 14 days: ${(soon * 100).toFixed(1)}%`);
  const checks = all.checks.filter((c) => !c.done_at && Math.abs(days(c.due)) <= 7);
  assert.ok(checks.length > 0, 'no satisfaction check due this week');
  const asks = all.asks.filter((k) => k.status === 'open');
  assert.ok(asks.length > 0, 'no ask waiting');
  assert.ok(asks.length < open.length / 2, `${asks.length} asks waiting`);
  // per rep: the share of their open deals with a promise overdue or no next step
  const behind = new Map();
  for (const d of open) {
    const late = !d.next_step_id || days(steps.get(d.next_step_id).due) < 0;
    const r = behind.get(d.owner_id) || { late: 0, n: 0 };
    r.late += late; r.n += 1;
    behind.set(d.owner_id, r);
  }
  const shares = [...behind.entries()].map(([id, r]) => [id, r.late / r.n]).sort((a, b) => b[1] - a[1]);
  assert.ok(shares[0][1] >= 2 * shares[1][1],
    `no rep clearly behind: ${shares.map(([id, s]) => `${id}: ${(s * 100).toFixed(0)}%`).join(', ')}`);
  const name = all.users.find((u) => u.id === shares[0][0]).email;
  assert.equal(name, 'rep3@demo.test');
});

test('the printed logins exist with their roles and teams', () => {
  const users = items(json(A, ['user', 'list']));
  const by = Object.fromEntries(users.map((u) => [u.email, u]));
  assert.equal(by['admin@demo.test'].role, 'admin');
  assert.equal(by['manager@demo.test'].role, 'manager');
  assert.equal(by['manager@demo.test'].team, 'north');
  assert.equal(by['rep2@demo.test'].team, 'south');
  for (const u of summary.users) assert.ok(by[u.email], u.email);
});

test('a second run adds to the organisation', () => {
  run(B, ['--quiet', 'demo', '--seed', '9', '--deals', '20']);
  assert.equal(items(json(B, ['deal', 'list', '--limit', '1000'])).length, 320);
  assert.equal(items(json(B, ['user', 'list'])).filter((u) => u.email === 'admin@demo.test').length, 1);
});

// Seed 3's deal 275 is rushed (its next step marked done, a talk without
// an agreement) and then one of the open deals that lose their next step:
// there is none left to drop, and the demo must go on.
test('a rushed deal with no next step left does not stop the demo', () => {
  const F = path.join(DIR, 'f.db');
  const r = spawnSync(BIN, ['--db', F, '--quiet', 'demo', '--seed', '3', '--deals', '2000'], {
    encoding: 'utf8', env: { ...process.env, FULCRUM_DB: '', FULCRUM_NOW: '2026-03-02T12:00:00Z' },
  });
  assert.equal(r.status, 0, r.stderr);
});

test('bad options are usage errors', () => {
  run(A, ['demo', '--deals', '0'], { expect: 2 });
  run(A, ['demo', '--deals', 'many'], { expect: 2 });
  run(A, ['demo', '--path', 'sideways'], { expect: 2 });
});

test('the history chain holds on either path, and both write the same history', () => {
  for (const r of heads) {
    assert.equal(r.ok, true);
    assert.match(r.head, /^[0-9a-f]{64}$/);
  }
  // the head hashes every event, in order: the same head, the same history
  assert.equal(heads[0].head, heads[1].head);
  assert.equal(heads[0].head, heads[2].head, 'the bulk path writes every event the services write');
  for (const db of [A, B, C]) assert.equal(json(db, ['verify']).ok, true, 'and it holds after the other tests');
});
