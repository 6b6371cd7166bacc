// Subcommands accept their own options only: an option another subcommand
// takes (or none takes) is a usage error naming it and the subcommand, and
// `fulcrum help COMMAND` lists every subcommand with its options (issue 12).
// Run alone: node --test tests/e2e/cli/usage.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02';

function setup() {
  const { db } = freshDb('usage');
  ok(db, ['init', '--org', 'Acme', '--admin-email', 'boss@acme.test'], { now: NOW });
  const acct = ok(db, ['account', 'add', 'Globex'], { now: NOW, json: true }).json();
  const contact = ok(db, ['contact', 'add', 'Hank', '--account', String(acct.id)],
    { now: NOW, json: true }).json();
  const deal = ok(db, ['deal', 'add', 'Pilot', '--account', String(acct.id),
    '--contact', String(contact.id), '--next', 'call', '--due', NOW],
  { now: NOW, json: true }).json();
  return { db, acct: String(acct.id), contact: String(contact.id), deal: String(deal.id) };
}

// Exit 2, one line on stderr naming the option and the subcommand.
function refusedOption(r, sub, option) {
  assert.equal(r.code, 2, `exit 2 expected, got ${r.code}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.ok(lines[0].includes(`'${option}'`), `'${lines[0]}' names ${option}`);
  assert.ok(lines[0].includes(sub), `'${lines[0]}' names '${sub}'`);
}

test('options a subcommand does not take are refused, and nothing changes', () => {
  const { db, acct, contact, deal } = setup();
  const before = ok(db, ['deal', 'show', deal], { now: NOW, json: true }).json();

  refusedOption(fulcrum(db, ['deal', 'show', deal, '--force', '--remove'], { now: NOW }),
    'deal show', '--force');
  refusedOption(fulcrum(db, ['deal', 'history', deal, '--reason', 'x'], { now: NOW }),
    'deal history', '--reason');
  refusedOption(fulcrum(db, ['deal', 'lose', deal, '--reason', 'x', '--to', 'agree'], { now: NOW }),
    'deal lose', '--to');
  refusedOption(fulcrum(db, ['deal', 'reopen', deal, '--force'], { now: NOW }),
    'deal reopen', '--force');
  refusedOption(fulcrum(db, ['deal', 'list', '--remove'], { now: NOW }),
    'deal list', '--remove');
  refusedOption(fulcrum(db, ['account', 'show', acct, '--domain', 'x.test'], { now: NOW }),
    'account show', '--domain');
  refusedOption(fulcrum(db, ['contact', 'list', '--phone', '1'], { now: NOW }),
    'contact list', '--phone');
  refusedOption(fulcrum(db, ['user', 'passwd', 'boss@acme.test', '--role', 'rep'],
    { now: NOW, input: 'secret-password\n' }), 'user passwd', '--role');
  refusedOption(fulcrum(db, ['next', 'done', deal, '--what', 'x'], { now: NOW }),
    'next done', '--what');
  refusedOption(fulcrum(db, ['token', 'list', '--name', 'x'], { now: NOW }),
    'token list', '--name');
  refusedOption(fulcrum(db, ['report', 'winrate', '--backtest'], { now: NOW }),
    'report winrate', '--backtest');
  refusedOption(fulcrum(db, ['deal', 'stakeholder', deal, '--contact', contact, '--nonsense'],
    { now: NOW }), 'deal stakeholder', '--nonsense');

  // the refused lose and reopen changed nothing
  const after = ok(db, ['deal', 'show', deal], { now: NOW, json: true }).json();
  assert.equal(after.status, before.status);
  assert.equal(after.version, before.version);

  // the options each subcommand takes still work
  ok(db, ['deal', 'lose', deal, '--reason', 'budget'], { now: NOW });
  ok(db, ['deal', 'reopen', deal], { now: NOW });
  ok(db, ['deal', 'stakeholder', deal, '--contact', contact, '--role', 'champion'], { now: NOW });
  ok(db, ['account', 'edit', acct, '--domain', 'globex.test'], { now: NOW });
});

test('an unknown or missing subcommand is a usage error listing the subcommands', () => {
  const { db } = setup();
  const r = fulcrum(db, ['deal', 'frobnicate'], { now: NOW });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown subcommand 'frobnicate'/);
  assert.match(r.stderr, /advance/);
  const t = fulcrum(db, ['token'], { now: NOW });
  assert.equal(t.code, 2);
  assert.match(t.stderr, /missing subcommand/);
  assert.equal(fulcrum(db, ['report', 'nope'], { now: NOW }).code, 2);
});

test('help lists each subcommand with the options it takes', () => {
  const { db } = setup();
  const deal = ok(db, ['help', 'deal']).stdout;
  for (const sub of ['add', 'list', 'show', 'history', 'edit', 'stakeholder',
    'advance', 'win', 'lose', 'reopen']) {
    assert.match(deal, new RegExp(`fulcrum deal ${sub}\\b`), `help deal names ${sub}`);
  }
  // the options follow their own subcommand only
  const section = (text, sub) => {
    const start = text.indexOf(`fulcrum deal ${sub}`);
    const next = text.indexOf('fulcrum deal ', start + 1);
    return text.slice(start, next < 0 ? undefined : next);
  };
  assert.match(section(deal, 'advance'), /--force/);
  assert.match(section(deal, 'advance'), /--to STEP/);
  assert.doesNotMatch(section(deal, 'show'), /--force|--remove/);
  assert.match(section(deal, 'stakeholder'), /--remove/);
  assert.doesNotMatch(section(deal, 'lose'), /--to\b/);

  // every report is a subcommand of report, the forecast with --backtest
  const report = ok(db, ['help', 'report']).stdout;
  for (const name of ['pipeline', 'funnel', 'velocity', 'winrate', 'agreements',
    'discipline', 'followup', 'forecast']) {
    assert.match(report, new RegExp(`fulcrum report ${name}\\b`));
  }
  assert.match(report.slice(report.indexOf('fulcrum report forecast')), /--backtest/);
  assert.doesNotMatch(report.slice(report.indexOf('fulcrum report winrate'),
    report.indexOf('fulcrum report agreements')), /--backtest/);

  for (const cmd of ['user', 'account', 'contact', 'want', 'offering', 'fit',
    'check', 'referral', 'next', 'process', 'token']) {
    const h = ok(db, ['help', cmd]).stdout;
    assert.match(h, new RegExp(`usage: fulcrum ${cmd}`), `help ${cmd}`);
  }
});
