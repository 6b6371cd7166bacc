// Recomputes funnel, win rate and agreement rate with plain SQL through the
// `sqlite3` shell (the definitions of docs/reports.md) and checks that
// `fulcrum report NAME --json` gives the same numbers, on the demo database
// (`fulcrum demo`) and on a small history made with the CLI. SQLite only.
// Rerun alone: node --test tests/e2e/cli/report.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { fulcrum, ok } = require('../lib/cli.js');
const { tmpDir } = require('../lib/tmp.js');

const NOW = '2024-06-15T12:00:00Z';

function tmpDb(prefix) {
  const dir = tmpDir(prefix);
  return path.join(dir, 'test.db');
}

// Rows of a query as arrays of strings (the shell's list mode).
function sql(db, query) {
  const r = spawnSync('sqlite3', ['-batch', '-separator', '\t', db, query],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

const ENTER = "('create','advance','force','won','reopen')";

function checkFunnel(db) {
  const rep = ok(db, ['report', 'funnel'], { json: true, now: NOW }).json();
  const want = sql(db, `
    WITH ent AS (
      SELECT e.entity_id AS deal_id, d.process_id AS process_id,
             e.to_step AS step, MIN(e.id) AS first_id
      FROM events e JOIN deals d ON d.org_id = e.org_id AND d.id = e.entity_id
      WHERE e.entity = 'deal' AND e.action IN ${ENTER}
      GROUP BY 1, 2, 3)
    SELECT p.key, s.key,
      (SELECT COUNT(*) FROM ent WHERE ent.process_id = s.process_id
         AND ent.step = s.key),
      (SELECT COUNT(*) FROM ent WHERE ent.process_id = s.process_id
         AND ent.step = s.key AND EXISTS (SELECT 1 FROM events e2
           JOIN steps s2 ON s2.process_id = ent.process_id AND s2.key = e2.to_step
           WHERE e2.entity = 'deal' AND e2.entity_id = ent.deal_id
             AND e2.id > ent.first_id
             AND e2.action IN ('advance','force','won')
             AND s2.position > s.position))
    FROM steps s JOIN processes p ON p.id = s.process_id
    ORDER BY p.key, s.position`);
  assert.equal(rep.rows.length, want.length);
  for (const [proc, step, entered, advanced] of want) {
    const row = rep.rows.find((r) => r.process === proc && r.step === step);
    assert.ok(row, `no funnel row for ${proc}/${step}`);
    assert.equal(row.entered, Number(entered), `${proc}/${step} entered`);
    assert.equal(row.advanced, Number(advanced), `${proc}/${step} advanced`);
  }
  return want;
}

function checkWinrate(db) {
  const rep = ok(db, ['report', 'winrate'], { json: true, now: NOW }).json();
  const [[won, lost]] = sql(db, `SELECT
    SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END),
    SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) FROM deals`);
  assert.equal(rep.totals.won, Number(won || 0));
  assert.equal(rep.totals.lost, Number(lost || 0));
  const n = Number(won || 0) + Number(lost || 0);
  if (n) assert.ok(Math.abs(rep.totals.win_rate - Number(won) / n) < 1e-12);
  else assert.equal(rep.totals.win_rate, null);
  const reasons = sql(db, `SELECT COALESCE(lost_reason, ''), COUNT(*) FROM deals
    WHERE status = 'lost' GROUP BY lost_reason`);
  for (const [reason, count] of reasons) {
    const r = rep.lost_reasons.find((x) => (x.reason ?? '') === reason);
    if (r) assert.equal(r.deals, Number(count), `lost reason ${reason}`);
  }
}

function checkAgreements(db) {
  const rep = ok(db, ['report', 'agreements'], { json: true, now: NOW }).json();
  const [[n, agreed]] = sql(db, `SELECT COUNT(*),
    SUM(CASE WHEN agreement <> 0 THEN 1 ELSE 0 END) FROM interactions`);
  assert.equal(rep.totals.interactions, Number(n));
  assert.equal(rep.totals.agreements, Number(agreed || 0));
  if (Number(n)) {
    assert.ok(Math.abs(rep.totals.agreement_rate - Number(agreed) / Number(n)) < 1e-12);
  }
  const perOwner = sql(db, `SELECT u.email, COUNT(*),
    SUM(CASE WHEN i.agreement <> 0 THEN 1 ELSE 0 END)
    FROM interactions i JOIN users u ON u.id = i.owner_id GROUP BY u.email`);
  for (const [email, count, agr] of perOwner) {
    const row = rep.rows.find((r) => r.owner === email);
    assert.ok(row, `no agreements row for ${email}`);
    assert.equal(row.interactions, Number(count));
    assert.equal(row.agreements, Number(agr));
  }
}

function hasDemo() {
  const r = fulcrum(tmpDb('fulcrum-probe'), ['help', 'demo']);
  return r.code === 0;
}

test('reports match plain SQL on the demo database', { skip: !hasDemo() &&
    'fulcrum demo is not available in this build' }, () => {
  const db = tmpDb('fulcrum-report-demo');
  ok(db, ['demo', '--seed', '7', '--deals', '400'], { now: NOW });
  const funnel = checkFunnel(db);
  assert.ok(funnel.some(([, , entered]) => Number(entered) > 0),
    'the demo has deals in its funnel');
  checkWinrate(db);
  checkAgreements(db);
});

test('reports match plain SQL on a history made with the CLI', () => {
  const db = tmpDb('fulcrum-report-cli');
  const now = '2024-06-01T12:00:00Z';
  const run = (args) => ok(db, args, { now });
  run(['init', '--org', 'acme', '--admin-email', 'a@acme.test',
    '--admin-name', 'Ada']);
  run(['account', 'add', 'Globex']);
  run(['contact', 'add', 'Hank', '--account', '1']);
  for (let i = 1; i <= 4; i++) {
    run(['deal', 'add', `deal ${i}`, '--account', '1', '--contact', '1',
      '--next', 'call', '--due', '2024-06-20', '--value', String(1000 * i),
      '--close', '2024-07-01']);
  }
  run(['deal', 'advance', '1', '--to', 'discover', '--force', '--reason', 'skip']);
  run(['deal', 'advance', '2', '--force', '--reason', 'one']);
  run(['want', 'add', '--deal', '1', '--kind', 'objective', 'a want, which a forced win needs (R3)']);
  run(['deal', 'win', '1', '--force', '--reason', 'signed']);
  run(['deal', 'lose', '3', '--reason', 'price']);
  run(['deal', 'reopen', '3']);
  run(['deal', 'lose', '4', '--reason', 'timing']);
  run(['log', 'call', '--deal', '2', '--agreed', 'demo', '--due', '2024-06-25',
    '--planned']);
  run(['log', 'meeting', '--deal', '3', '--no-agreement']);
  checkFunnel(db);
  checkWinrate(db);
  checkAgreements(db);
  const rep = ok(db, ['report', 'winrate'], { json: true, now }).json();
  assert.equal(rep.totals.won, 1);
  assert.equal(rep.totals.lost, 1);
  const agr = ok(db, ['report', 'agreements'], { json: true, now }).json();
  assert.equal(agr.totals.interactions, 2);
  assert.equal(agr.totals.agreements, 1);
  // Piped output has no chart; --csv prints the rows with a header.
  const csv = ok(db, ['report', 'funnel', '--csv'], { now }).stdout;
  assert.match(csv, /^process,step,/);
  assert.doesNotMatch(ok(db, ['report', 'pipeline'], { now }).stdout, /█/);
  const bad = fulcrum(db, ['report', 'funnel', '--from', 'yesterday'], { now });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /'from' is not a date/);
  assert.equal(fulcrum(db, ['report', 'nope'], { now }).code, 2);
});
