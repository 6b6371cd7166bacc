// What people read: tables and reports print money as money ("EUR
// 1,234,567.89", never a cents figure), rates as percentages, owners and
// accounts by name (never a bare owner_id / account_id); --json stays
// exact (integer minor units, ids); a referral shows who introduced whom
// by name; --csv keeps ids with names beside them; a CSV
// export carries names and the external_id a record came in with, and a
// `fulcrum import` of it into another database gives the same deals.
// SQLite and, in the PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/people-read.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');

const NOW = '2026-11-30T12:00:00Z';
const DEALS = [
  'Deal Name,Account Name,Amount,Currency,Owner Email,external_id,stage,close date,lost_reason',
  'Big renewal,Acme Corp,1234567.89,EUR,dana@x.test,OPP-1,present,2027-01-15,',
  'Small one,Beta Ltd,500,USD,dana@x.test,OPP-2,won,2026-10-01,',
  'Lost one,Beta Ltd,2000,USD,dana@x.test,OPP-3,lost,2026-09-01,price',
].join('\n') + '\n';

function setUp(prefix) {
  const d = freshDb(prefix);
  const must = (args, opts = {}) => ok(d.db, args, { now: NOW, ...opts });
  must(['init']);
  must(['user', 'add', '--email', 'dana@x.test', '--name', 'Dana Whitfield',
    '--role', 'rep']);
  return { ...d, must };
}

// The table's header and rows as arrays of cells (split on 2+ spaces).
function table(text) {
  return text.split('\n').filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/ {2,}/));
}

test('people read money, rates and names', async (t) => {
  const { dir, must } = setUp('fulcrum-peopleread');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const input = path.join(dir, 'in.csv');
  fs.writeFileSync(input, DEALS);
  must(['import', 'deals', input]);

  await t.test('deal list: amounts with currency, owner and account by name', () => {
    const rows = table(must(['deal', 'list']).stdout);
    const head = rows[0];
    assert.ok(head.includes('owner') && head.includes('account'), head.join('|'));
    assert.ok(!head.includes('owner_id') && !head.includes('account_id'), head.join('|'));
    const big = rows.find((r) => r.includes('Big renewal'));
    assert.ok(big.includes('EUR 1,234,567.89'), big.join('|'));
    assert.equal(big[head.indexOf('owner')], 'Dana Whitfield');
    assert.equal(big[head.indexOf('account')], 'Acme Corp');
    const small = rows.find((r) => r.includes('Small one'));
    assert.ok(small.includes('USD 500.00'), small.join('|'));
  });

  await t.test('deal list --json stays exact', () => {
    const items = must(['deal', 'list'], { json: true }).json();
    const big = items.find((d) => d.title === 'Big renewal');
    assert.equal(big.value, 1234567.89);
    assert.equal(big.currency, 'EUR');
    assert.equal(typeof big.owner_id, 'number');
    assert.equal(typeof big.account_id, 'number');
    assert.ok(!('owner_name' in big) && !('account_name' in big), JSON.stringify(big));
  });

  await t.test('deal list --csv: ids with names beside them, decimal amounts', () => {
    const lines = must(['--csv', 'deal', 'list']).stdout.trim().split(/\r?\n/);
    const head = lines[0].split(',');
    for (const c of ['owner_id', 'owner_name', 'owner_email', 'account_id',
      'account_name', 'value', 'currency']) assert.ok(head.includes(c), lines[0]);
    const big = lines.find((l) => l.includes('Big renewal')).split(',');
    assert.equal(big[head.indexOf('value')], '1234567.89');
    assert.equal(big[head.indexOf('currency')], 'EUR');
    assert.equal(big[head.indexOf('owner_name')], 'Dana Whitfield');
    assert.equal(big[head.indexOf('owner_email')], 'dana@x.test');
    assert.equal(big[head.indexOf('account_name')], 'Acme Corp');
  });

  await t.test('report pipeline and pipeline: formatted money, probabilities in %', () => {
    // the EUR deal converts to the base currency (USD) at 2 USD a euro
    must(['rate', 'add', '--currency', 'EUR', '--date', '2026-01-01', '--rate', '2']);
    const rep = must(['report', 'pipeline']).stdout;
    assert.match(rep, /USD 2,469,135\.78/);
    assert.ok(!rep.includes('246913578'), rep);
    assert.ok(!/_minor|_cents/.test(rep), rep);
    assert.match(rep, /\b40%/);
    const pipe = must(['pipeline']).stdout;
    assert.match(pipe, /USD 2,469,135\.78/);
    assert.match(pipe, /\b40%/);
    assert.match(pipe, /987,654\.3[12]/);	// weighted: 40% of the amount
    assert.ok(!pipe.includes('246913578'), pipe);
  });

  await t.test('report winrate: owner by name, rate in %, amounts not cents', () => {
    const out = must(['report', 'winrate']).stdout;
    const rows = table(out);
    const head = rows[0];
    const dana = rows.find((r) => r[0] === 'Dana Whitfield');
    assert.ok(dana, out);
    assert.equal(dana[head.indexOf('win_rate')], '50%');
    assert.match(dana[head.indexOf('won_amount')], /^(USD )?500\.00$/);
    assert.match(dana[head.indexOf('lost_amount')], /^(USD )?2,000\.00$/);
    assert.ok(!out.includes('dana@x.test'), out);
    assert.ok(!/\b50000\b|\b200000\b|_minor|_cents/.test(out), out);
    const json = must(['report', 'winrate'], { json: true }).json();
    const row = json.rows.find((r) => r.owner === 'dana@x.test');
    assert.equal(row.won_minor, 50000);
    assert.equal(row.lost_minor, 200000);
    assert.equal(row.win_rate, 0.5);
    assert.ok(!('owner_name' in row), JSON.stringify(row));
  });

  await t.test('deal show: the amount with its currency and whose the deal is', () => {
    const id = must(['deal', 'list'], { json: true }).json()
      .find((d) => d.title === 'Big renewal').id;
    const out = must(['deal', 'show', String(id)]).stdout;
    assert.match(out, /value EUR 1,234,567\.89/);
    assert.match(out, /owner Dana Whitfield <dana@x\.test>, account Acme Corp/);
  });

  await t.test('an export carries names and external_id and imports back', () => {
    const file = path.join(dir, 'deals.csv');
    must(['export', 'deals', file]);
    const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
    const head = lines[0].split(',');
    for (const c of ['id', 'external_id', 'account_id', 'account_name',
      'contact_id', 'contact_name', 'owner_id', 'owner_name', 'owner_email',
      'value', 'currency']) assert.ok(head.includes(c), lines[0]);
    const big = lines.find((l) => l.includes('Big renewal')).split(',');
    assert.equal(big[head.indexOf('external_id')], 'OPP-1');
    assert.equal(big[head.indexOf('account_name')], 'Acme Corp');
    assert.equal(big[head.indexOf('owner_name')], 'Dana Whitfield');
    assert.equal(big[head.indexOf('owner_email')], 'dana@x.test');
    assert.equal(big[head.indexOf('value')], '1234567.89');
    assert.equal(big[head.indexOf('currency')], 'EUR');

    const other = setUp('fulcrum-peopleread-b');
    t.after(() => fs.rmSync(other.dir, { recursive: true, force: true }));
    // another database: other ids, the same people
    other.must(['account', 'add', 'Unrelated first account']);
    const r = other.must(['import', 'deals', file]);
    assert.match(r.stdout, /imported 3\b.*rejected 0/, r.stdout);
    const shape = (must2) => {
      const users = Object.fromEntries(must2(['user', 'list'], { json: true }).json()
        .map((u) => [u.id, u.email]));
      const accounts = Object.fromEntries(must2(['account', 'list'], { json: true }).json()
        .map((a) => [a.id, a.name]));
      return must2(['deal', 'list'], { json: true }).json().map((d) => ({
        title: d.title, value: d.value, currency: d.currency, step: d.step,
        status: d.status, close_date: d.close_date, owner: users[d.owner_id],
        account: accounts[d.account_id],
      })).sort((a, b) => a.title.localeCompare(b.title));
    };
    assert.deepEqual(shape(other.must), shape(must));
    // and it carries the external ids on
    const again = path.join(other.dir, 'again.csv');
    other.must(['export', 'deals', again]);
    assert.match(fs.readFileSync(again, 'utf8'), /,Big renewal,.*,OPP-1\r?\n/);
  });
});

test('a referral names who introduced whom', () => {
  const { dir, must } = setUp('fulcrum-peopleread-ref');
  try {
    must(['account', 'add', 'Acme Corp']);
    must(['contact', 'add', 'Rita Referrer', '--account', '1']);
    must(['contact', 'add', 'Nate Newcomer', '--account', '1']);
    must(['referral', 'add', '--from', '1', '--contact', '2']);
    const rows = table(must(['referral', 'list']).stdout);
    const head = rows[0];
    assert.ok(!head.includes('from_contact_id'), head.join('|'));
    assert.equal(rows[1][head.indexOf('from_contact')], 'Rita Referrer');
    assert.equal(rows[1][head.indexOf('contact')], 'Nate Newcomer');
    const show = must(['referral', 'show', '1']).stdout;
    assert.match(show, /from_contact_id\s+1 \(Rita Referrer\)/);
    assert.match(show, /from_account_id\s+1 \(Acme Corp\)/);
    const csv = must(['--csv', 'referral', 'list']).stdout;
    assert.match(csv.split('\n')[0], /from_contact_id,from_contact_name/);
    // --json keeps the ids alone
    const json = must(['referral', 'list'], { json: true }).json();
    assert.equal(json[0].from_contact_id, 1);
    assert.equal(json[0].from_contact_name, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
