// Every CSV Fulcrum writes for people guards spreadsheet formulas (OWASP's
// leading apostrophe): a cell starting, also after spaces, with = + - @
// TAB or CR, unless it is a plain number. `export --raw` writes cells as
// they are; a guarded export imports back as it was; `--csv` lists and
// reports and an import's rejected rows are guarded too. SQLite and, in the
// PostgreSQL pass, PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/csv-guard.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { fulcrum, ok } = require('../lib/cli.js');

const NOW = '2026-03-02T12:00:00Z';
const NAMES = ['=HYPERLINK("http://evil.example","x")', '  @SUM(A1)', '+1-2',
  '-cmd', '\tTab', 'Plain name'];

test('CSV output guards formulas', async (t) => {
  const { dir, db } = freshDb('fulcrum-csvguard');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  for (const n of NAMES) must(['contact', 'add', n, '--title', '-5']);

  await t.test('export guards by default, --raw does not', () => {
    const out = must(['export', 'contacts']).stdout;
    assert.ok(out.includes('"\'=HYPERLINK(""http://evil.example"",""x"")"'), out);
    assert.ok(out.includes('"\'  @SUM(A1)"'), out);
    assert.ok(out.includes('"\'+1-2"'), out);
    assert.ok(out.includes('"\'-cmd"'), out);
    assert.ok(out.includes('"\'\tTab"'), out);
    assert.ok(out.includes(',Plain name,'), out);
    // a plain number is left alone, even negative
    assert.ok(/,-5,/.test(out), out);
    assert.ok(!out.includes("'-5"), out);
    const raw = must(['export', 'contacts', '--raw']).stdout;
    assert.ok(raw.includes('"=HYPERLINK(""http://evil.example"",""x"")"'), raw);
    assert.ok(!raw.includes("'="), raw);
    assert.ok(raw.includes('"  @SUM(A1)"'), raw);
  });

  await t.test('--csv lists and reports are guarded', () => {
    const out = must(['--csv', 'contact', 'list']).stdout;
    assert.ok(out.includes('"\'=HYPERLINK(""http://evil.example"",""x"")"'), out);
    assert.ok(out.includes("'+1-2"), out);
    const rep = fulcrum(db, ['--csv', 'report', 'pipeline'], { now: NOW });
    assert.equal(rep.code, 0, rep.stderr);
  });

  await t.test('a guarded export imports back as it was', () => {
    const file = path.join(dir, 'contacts.csv');
    must(['export', 'contacts', file]);
    const other = freshDb('fulcrum-csvguard-b');
    t.after(() => fs.rmSync(other.dir, { recursive: true, force: true }));
    ok(other.db, ['init'], { now: NOW });
    const r = fulcrum(other.db, ['import', 'contacts', file], { now: NOW });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const got = ok(other.db, ['contact', 'list', '--limit', '100'], { json: true, now: NOW })
      .json().map((c) => c.name).sort();
    // the importer trims outer spaces, as it does for any cell
    assert.deepEqual(got, NAMES.map((n) => n.trim()).sort());
  });

  await t.test('an import\'s rejected rows are guarded', () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'name,email\n=cmd(),not an address\n');
    const r = fulcrum(db, ['import', 'contacts', file], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    const rej = fs.readFileSync(path.join(dir, 'bad.rejected.csv'), 'utf8');
    assert.ok(rej.includes('"\'=cmd()"'), rej);
  });
});
