// Numbers a manager can trust after importing a real opportunities export:
// a generated export of several hundred deals (owners by full name, with
// accents dropped or their case changed, an ambiguous name, some rows
// without an account, open, won and lost stages) and a stage history for
// part of them (OpportunityHistory style, read from standard input). Every
// row is imported or rejected with its reason; a won deal's history holds
// no step it never took; win rate, won revenue per owner, the funnel, the
// cycle counts and what the forecast's learned model saw equal plain arithmetic over
// the two files, computed here independently of Fulcrum. SQLite and, in the
// PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/import-truth.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02T12:00:00Z';
const PERIOD = ['--from', '2024-01-01', '--to', '2026-12-31'];
const STEPS = ['engage', 'comfort', 'discover', 'present', 'agree', 'follow_up'];
const STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal', 'Negotiation'];
const STAGE_MAP = 'Prospecting=engage,Qualification=comfort,Needs Analysis=discover,'
  + 'Proposal=present,Negotiation=agree,Closed Won=won,Closed Lost=lost';
const COLUMN_MAP = 'Opportunity ID=external_id,Opportunity Name=title,Account Name=account,'
  + 'Opportunity Owner=owner,Stage=stage,Amount=value,Created Date=created,Close Date=close_date';
// the team: [e-mail, full name, how the export spells the name]
const OWNERS = [
  ['dana@acme.test', 'Dana Whitfield', 'Dana Whitfield'],
  ['jose@acme.test', 'José Núñez', 'Jose Nunez'],
  ['kim@acme.test', 'Kim Østergaard', 'KIM ØSTERGAARD'],
  ['lee@acme.test', 'Lee Park', 'lee  park'],
];
const AMBIGUOUS = 'Sam Reed';	// two users have this name

// A small deterministic generator (mulberry32), so a failure replays.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (n) => new Date(Date.UTC(2025, 0, 1) + n * 86400000).toISOString().slice(0, 10);

function csvLine(fields) {
  return fields.map((f) => (/[",\n]/.test(String(f)) ? `"${String(f).replace(/"/g, '""')}"` : String(f))).join(',');
}

// The export: N deals, and a history for about half of those that have one.
function generate(n) {
  const rand = rng(20261130);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const deals = [];
  for (let i = 0; i < n; i++) {
    const created = Math.floor(rand() * 360);
    const close = created + 10 + Math.floor(rand() * 60);
    const r = rand();
    const status = r < 0.35 ? 'won' : r < 0.65 ? 'lost' : 'open';
    const owner = rand() < 0.04 ? AMBIGUOUS : pick(OWNERS)[2];
    const account = rand() < 0.06 ? '' : `Account ${Math.floor(rand() * 120)}`;
    const stepAt = status === 'open' ? Math.floor(rand() * 5) : -1;
    // a path through the steps, ending at the open deal's step; it may skip
    let path = null;
    if (rand() < 0.5) {
      const end = status === 'open' ? stepAt : Math.floor(rand() * 5);
      path = [0];
      for (let s = 1; s <= end; s++) if (s === end || rand() < 0.8) path.push(s);
    }
    deals.push({
      id: `006${String(i).padStart(6, '0')}`, title: `Opportunity ${i}`, account, owner,
      status, stepAt, amount: 100 * (5 + Math.floor(rand() * 500)),
      created: day(created), close: day(close), path,
    });
  }
  const head = 'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,'
    + 'Created Date,Close Date';
  const rows = deals.map((d) => csvLine([d.id, d.title, d.account, d.owner,
    d.status === 'won' ? 'Closed Won' : d.status === 'lost' ? 'Closed Lost' : STAGES[d.stepAt],
    d.amount, d.created, d.close]));
  // OpportunityHistory: each stage change with its time, in no particular order
  const hist = [];
  for (const d of deals) {
    if (!d.path) continue;
    const c0 = Date.parse(`${d.created}T00:00:00Z`), c1 = Date.parse(`${d.close}T00:00:00Z`);
    const span = (c1 - c0) / (d.path.length + 1);
    d.path.forEach((s, k) => {
      const at = new Date(c0 + Math.round(span * k) + (k ? 3600000 : 0)).toISOString();
      hist.push([d.id, STAGES[s], at]);
    });
    if (d.status !== 'open') hist.push([d.id, d.status === 'won' ? 'Closed Won' : 'Closed Lost', `${d.close}T17:00:00.000Z`]);
  }
  hist.push(['006999999', 'Prospecting', '2025-05-01T10:00:00.000Z']);	// no such deal
  hist.sort((a, b) => (a[2] < b[2] ? 1 : -1));	// newest first, as some exports are
  return {
    deals,
    csv: [head, ...rows].join('\r\n') + '\r\n',
    history: ['OpportunityId,StageName,CreatedDate', ...hist.map(csvLine)].join('\n') + '\n',
  };
}

// What an imported deal went through, by the files alone: the steps it
// entered (by their index; the follow-up step by winning) in order.
function stepsTaken(d) {
  const known = d.path ? [...d.path] : d.status === 'open' ? [d.stepAt] : [];
  if (d.status === 'won') known.push(STEPS.length - 1);
  return known;
}

// What the learned model of docs/reports.md saw, by the files alone: on the
// day of the month of DATE (the 28th at most) in each month before it, each
// deal open in a known step (its stays: the history's rows, or its stage
// from its creation; a closed deal of unknown path is in none), and
// whether it was won or closed otherwise k months later, k within the 12
// months ahead and before DATE's month. TODAY: the live forecast, which
// reads all of DATE.
function modelSaw(deals, date, today) {
  const dayNo = (s) => Math.floor(Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / 86400000);
  const monthNo = (n) => { const d = new Date(n * 86400000); return d.getUTCFullYear() * 12 + d.getUTCMonth(); };
  const at = dayNo(date), bound = today ? at + 1 : at;
  const dom = Math.min(new Date(at * 86400000).getUTCDate(), 28);
  const snaps = [];
  for (let j = 1; j <= 120; j++) {
    const m = monthNo(at) - j;
    snaps.push(Date.UTC(Math.floor(m / 12), m % 12, dom) / 86400000);
  }
  const saw = STEPS.map((step) => ({ step, seen: 0, won: 0, lost: 0 }));
  for (const d of deals) {
    let stays;	// [step index, day entered]
    if (d.path) {
      const c0 = Date.parse(`${d.created}T00:00:00Z`), c1 = Date.parse(`${d.close}T00:00:00Z`);
      const span = (c1 - c0) / (d.path.length + 1);
      stays = d.path.map((s, k) => [s, Math.floor((c0 + Math.round(span * k) + (k ? 3600000 : 0)) / 86400000)]);
    } else if (d.status === 'open') {
      stays = [[d.stepAt, dayNo(d.created)]];
    } else {
      continue;	// in '?' until it closed: in no step
    }
    const closed = d.status === 'open' ? null : dayNo(d.close);
    for (const t of snaps) {
      if (t >= bound) continue;
      let i = -1;
      for (let k = 0; k < stays.length; k++) {
        const out = k + 1 < stays.length ? stays[k + 1][1] : closed;
        const left = out !== null && out < bound ? out : Infinity;
        if (stays[k][1] < t && left >= t && stays[k][1] < bound) i = k;
      }
      if (i < 0) continue;
      saw[stays[i][0]].seen++;
      if (closed === null || closed >= bound) continue;
      const ko = monthNo(closed) - monthNo(t);
      if (ko < Math.min(12, monthNo(at) - monthNo(t))) saw[stays[i][0]][d.status]++;
    }
  }
  assert.ok(saw.some((x) => x.won > 0) && saw.some((x) => x.lost > 0), 'the model saw wins and losses');
  return saw;
}

test('an imported opportunities export and its history add up', async (t) => {
  const { dir, db } = freshDb('fulcrum-import-truth');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  for (const [email, name] of OWNERS) must(['user', 'add', '--email', email, '--name', name, '--role', 'rep']);
  must(['user', 'add', '--email', 'sam@acme.test', '--name', AMBIGUOUS, '--role', 'rep']);
  must(['user', 'add', '--email', 'sam.reed@acme.test', '--name', 'sam reed', '--role', 'rep']);

  const gen = generate(420);
  const file = path.join(dir, 'opportunities.csv');
  fs.writeFileSync(file, gen.csv);
  const r = fulcrum(db, ['--json', 'import', 'deals', file, '--map', COLUMN_MAP,
    '--stage-map', STAGE_MAP], { now: NOW });
  assert.equal(r.code, 1, r.stderr);
  const s = JSON.parse(r.stdout);

  // every row imported or rejected with its reason
  const expectRejected = gen.deals.filter((d) => !d.account || d.owner === AMBIGUOUS);
  const imported = gen.deals.filter((d) => d.account && d.owner !== AMBIGUOUS);
  assert.equal(s.read, gen.deals.length);
  assert.equal(s.imported, imported.length);
  assert.equal(s.rejected, expectRejected.length);
  assert.equal(s.imported + s.rejected, s.read);
  const rejected = fs.readFileSync(path.join(dir, 'opportunities.rejected.csv'), 'utf8')
    .trim().split('\r\n').slice(1);
  assert.equal(rejected.length, expectRejected.length);
  rejected.forEach((line, k) => {
    const d = expectRejected[k];
    assert.ok(line.startsWith(d.id), line);
    if (d.owner === AMBIGUOUS) {
      assert.ok(line.endsWith(`"owner '${AMBIGUOUS}' is ambiguous: sam.reed@acme.test, sam@acme.test"`), line);
    } else {
      assert.match(line, /no account/);
    }
  });

  // the history, from standard input, rejected rows to a file of our choice
  const rejects = path.join(dir, 'history-rejects.csv');
  const h = fulcrum(db, ['--json', 'import', 'history', '-', '--preset', 'salesforce',
    '--stage-map', STAGE_MAP, '--rejects', rejects], { now: NOW, input: gen.history });
  assert.equal(h.code, 1, h.stderr);
  const hs = JSON.parse(h.stdout);
  const histRows = gen.history.trim().split('\n').length - 1;
  const histRejected = gen.history.trim().split('\n').slice(1)
    .filter((l) => !imported.some((d) => l.startsWith(d.id + ',')));
  assert.equal(hs.read, histRows);
  assert.equal(hs.rejected, histRejected.length);
  assert.equal(hs.imported + hs.rejected, histRows);
  const hrej = fs.readFileSync(rejects, 'utf8').trim().split('\r\n').slice(1);
  assert.equal(hrej.length, histRejected.length);
  for (const line of hrej) assert.match(line, /unknown deal '006\d+': import the deals first$/);
  // a second run replays nothing twice
  const again = fulcrum(db, ['--json', 'import', 'history', '-', '--preset', 'salesforce',
    '--stage-map', STAGE_MAP, '--rejects', rejects], { now: NOW, input: gen.history });
  assert.equal(JSON.parse(again.stdout).skipped, hs.imported);

  // each imported deal's stays: the steps the files state, no other
  const list = must(['--json', 'deal', 'list', '--limit', '1000']).json();
  assert.equal(list.length, imported.length);
  const byTitle = new Map(list.map((d) => [d.title, d]));
  for (const d of imported.filter((x) => x.status === 'won')) {
    const events = must(['--json', 'deal', 'history', String(byTitle.get(d.title).id)]).json();
    // from the deal's last create on: its path as it stands now
    const last = events.map((e) => e.action).lastIndexOf('create');
    const entered = events.slice(last).map((e) => e.to_step);
    const want = stepsTaken(d).map((i) => STEPS[i]);
    if (!d.path) want.unshift('?');
    assert.deepEqual(entered, want, `${d.title}: ${JSON.stringify(events)}`);
    assert.equal(events[events.length - 1].at.slice(0, 10), d.close);
  }

  await t.test('win rate and won revenue per owner', () => {
    const rep = must(['--json', 'report', 'winrate', ...PERIOD]).json();
    const byEmail = new Map(OWNERS.map(([email, , spelt]) => [spelt, email]));
    const want = {};
    for (const d of imported.filter((x) => x.status !== 'open')) {
      const o = (want[byEmail.get(d.owner)] ??= { won: 0, lost: 0, wonValue: 0 });
      o[d.status]++;
      if (d.status === 'won') o.wonValue += d.amount;
    }
    const got = {};
    for (const row of rep.rows) {
      got[row.owner] = { won: row.won, lost: row.lost,
        wonValue: row.won_minor / 100 };
      assert.equal(row.win_rate, row.won / (row.won + row.lost));
    }
    assert.deepEqual(got, want);
  });

  await t.test('the funnel counts only the steps the files state', () => {
    const rep = must(['--json', 'report', 'funnel', ...PERIOD]).json();
    const want = STEPS.map((step) => ({ step, entered: 0, advanced: 0, lost: 0, won: 0 }));
    for (const d of imported) {
      const taken = stepsTaken(d);
      taken.forEach((s, k) => {
        const w = want[s];
        w.entered++;
        if (taken.slice(k + 1).some((x) => x > s)) w.advanced++;
        if (d.status === 'lost' && k === taken.length - 1) w.lost++;
        if (d.status === 'won') w.won++;
      });
    }
    assert.deepEqual(rep.rows.map(({ step, entered, advanced, lost, won }) =>
      ({ step, entered, advanced, lost, won })), want);
    const won = imported.filter((d) => d.status === 'won').length;
    assert.equal(rep.totals.deals, imported.length);
    assert.equal(rep.totals.won, won);
  });

  await t.test('cycle counts and what the learned model saw', () => {
    const vel = must(['--json', 'report', 'velocity', ...PERIOD]).json();
    assert.equal(vel.totals.won_deals, imported.filter((d) => d.status === 'won').length);
    assert.equal(vel.totals.lost_deals, imported.filter((d) => d.status === 'lost').length);
    const fc = must(['--json', 'report', 'forecast']).json();
    assert.deepEqual(fc.probabilities.map(({ step, seen, won, lost }) => ({ step, seen, won, lost })),
      modelSaw(imported, NOW.slice(0, 10), true));
  });

  await t.test('the backtest: what was open and what was learned on a past day', () => {
    const AT = '2025-09-01';
    const bt = must(['--json', 'report', 'forecast', '--backtest', '--at', AT]).json();
    assert.deepEqual(bt.probabilities.map(({ step, seen, won, lost }) => ({ step, seen, won, lost })),
      modelSaw(imported, AT, false));
    // open on the day: created before it, not closed before it; an unknown
    // path is open too, in no step
    const open = imported.filter((d) => d.created < AT && (d.status === 'open' || d.close >= AT));
    assert.equal(bt.totals.deals, open.length);
    assert.equal(bt.totals.value_minor / 100,
      open.reduce((sum, d) => sum + d.amount, 0));
  });
});
