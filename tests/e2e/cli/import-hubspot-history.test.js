// A HubSpot deals export (tests/fixtures/hubspot/deals.csv: a dozen deals
// and one without a name, a "Date entered" and a "Date exited" column per
// stage of the pipeline) imported with --preset hubspot, then the same
// file's stage dates imported as the deals' history: each deal's events
// from its last create on are the stages the file dates, in their time
// order and at their times, mapped by the hubspot preset's stage map; a
// stage the map does not know is rejected naming it, a deal moved in
// Fulcrum since its import is not replayed, a row whose deal was never
// imported is rejected once. The expected path is read from the fixture
// here, independently of Fulcrum. SQLite and, in the PostgreSQL pass,
// PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/import-hubspot-history.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb, ROOT } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');
const { parseCsv } = require('../lib/csv.js');

const NOW = '2026-03-02T12:00:00Z';
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'hubspot', 'deals.csv');
const STEPS = ['engage', 'comfort', 'discover', 'present', 'agree', 'follow_up'];
// the hubspot preset's stage map, as `fulcrum help import` documents it
const MAP = {
  'Appointment Scheduled': 'engage', 'Qualified To Buy': 'comfort',
  'Presentation Scheduled': 'present', 'Decision Maker Bought-In': 'discover',
  'Contract Sent': 'agree', 'Closed Won': 'won', 'Closed Lost': 'lost',
};
const MOVED = 'Fourth Coffee kiosks';	// lost in Fulcrum after its import


// The fixture's deals: their stage dates in column order.
function readFixture() {
  const [head, ...rows] = parseCsv(fs.readFileSync(FIXTURE, 'utf8'));
  const col = (name) => head.indexOf(name);
  const entered = head.map((h) => /^Date entered "(.*) \([^()]*\)"$/.exec(h)?.[1]);
  assert.ok(entered.filter(Boolean).length >= 7, 'the fixture has a column per stage');
  return rows.map((r) => ({
    id: r[col('Record ID')], title: r[col('Deal Name')], stage: r[col('Deal Stage')],
    created: r[col('Create Date')].slice(0, 10), close: r[col('Close Date')],
    dates: entered.map((stage, i) => stage && r[i] ? { stage, at: r[i] } : null)
      .filter(Boolean),
  }));
}

const iso = (t) => `${t.slice(0, 10)}T${t.length > 10 ? t.slice(11, 16) : '00:00'}:00Z`;

// The events the file states for deal D, from its create on.
function expectedEvents(d) {
  const known = d.dates.filter((x) => MAP[x.stage]);
  const steps = known.filter((x) => !['won', 'lost'].includes(MAP[x.stage]))
    .map((x, k) => ({ ...x, k })).sort((a, b) => a.at.localeCompare(b.at) || a.k - b.k);
  const ev = [['create', steps[0] && MAP[steps[0].stage], `${d.created}T00:00:00Z`]];
  for (let i = 1; i < steps.length; i++) {
    const from = STEPS.indexOf(MAP[steps[i - 1].stage]), to = STEPS.indexOf(MAP[steps[i].stage]);
    if (from !== to) ev.push([to > from ? 'advance' : 'back', STEPS[to], iso(steps[i].at)]);
  }
  const last = ev[ev.length - 1][1];
  const outcome = MAP[d.stage];
  if (outcome === 'won') ev.push(['won', 'follow_up', `${d.close}T00:00:00Z`]);
  if (outcome === 'lost') ev.push(['lost', last, `${d.close}T00:00:00Z`]);
  return ev;
}

test('a HubSpot deals export\'s stage dates replay as the deals\' history', (t) => {
  const { dir, db } = freshDb('fulcrum-hubspot-history');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  const deals = readFixture();
  const named = deals.filter((d) => d.title);
  assert.equal(named.length, 12);

  const imp = fulcrum(db, ['--json', 'import', 'deals', FIXTURE, '--preset', 'hubspot',
    '--rejects', path.join(dir, 'deals-rejects.csv')], { now: NOW });
  assert.equal(imp.code, 1, imp.stderr);	// the row without a name
  assert.equal(imp.json().imported, 12);
  const byTitle = new Map(must(['--json', 'deal', 'list', '--limit', '100']).json()
    .map((d) => [d.title, d.id]));
  must(['deal', 'lose', String(byTitle.get(MOVED)), '--reason', 'went quiet']);

  const rejects = path.join(dir, 'history-rejects.csv');
  const run = () => fulcrum(db, ['--json', 'import', 'history', FIXTURE, '--preset', 'hubspot',
    '--rejects', rejects], { now: NOW });
  const h = run();
  assert.equal(h.code, 1, h.stderr);
  const s = h.json();

  // what each stage date of the file became
  const wantRejects = [];
  let applied = 0;
  for (const d of deals) {
    if (!d.title) {
      wantRejects.push(`unknown deal '${d.id}': import the deals first`);
      continue;
    }
    for (const x of d.dates) {
      if (!MAP[x.stage]) wantRejects.push(`date entered '${x.stage}': unknown stage '${x.stage}'`);
    }
    for (const x of d.dates) {
      if (d.title === MOVED) wantRejects.push('the deal has moved since it was imported');
      else if (MAP[x.stage]) applied++;
    }
  }
  assert.equal(s.read, deals.length);
  assert.equal(s.imported, applied);
  assert.equal(s.rejected, wantRejects.length);
  assert.ok(wantRejects.some((r) => r.includes("'Demo Booked'")), 'the fixture has an unknown stage');
  const got = fs.readFileSync(rejects, 'utf8').trim().split('\r\n').slice(1);
  assert.equal(got.length, wantRejects.length);
  for (const want of wantRejects) {
    assert.ok(got.some((line) => line.includes(want)), `a reject says ${want}:\n${got.join('\n')}`);
  }
  // "Date exited" says nothing the next entry does not
  for (const c of s.ignored_columns.filter((x) => x.startsWith('Date entered'))) {
    assert.fail(`${c} was ignored`);
  }
  assert.ok(s.ignored_columns.some((c) => c.startsWith('Date exited "')), s.ignored_columns);

  for (const d of named) {
    const id = byTitle.get(d.title);
    const events = must(['--json', 'deal', 'history', String(id)]).json();
    const last = events.map((e) => e.action).lastIndexOf('create');
    if (d.title === MOVED) {
      assert.ok(events.every((e) => e.reason !== 'import history'), JSON.stringify(events));
      continue;
    }
    const path_ = events.slice(last);
    assert.ok(path_.every((e) => e.reason === 'import history'), JSON.stringify(path_));
    assert.deepEqual(path_.map((e) => [e.action, e.to_step, e.at]), expectedEvents(d), d.title);
    const deal = must(['--json', 'deal', 'show', String(id)]).json();
    if (deal.status === 'open') {	// it stands where the file's dates end
      const last = d.dates.filter((x) => MAP[x.stage]).sort((a, b) => a.at.localeCompare(b.at)).pop();
      assert.equal(deal.step, MAP[last.stage], d.title);
      assert.equal(deal.step_entered_at, iso(last.at), d.title);
    }
  }

  // a second run replays nothing twice
  const again = run().json();
  assert.equal(again.skipped, applied);
  assert.equal(again.imported, 0);
});
