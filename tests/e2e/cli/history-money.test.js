// History events record money in one unit, the integer minor units of the
// currency under *_minor, on both sides of a change and at creation; `deal
// history` shows it to people in the currency's unit; migration 009
// rewrites events stored in the earlier mixed forms (creation amount as
// given, old amount in units, new one in cents); and migration 012 turns
// the hundredths every amount was kept in into each currency's minor units
// (JPY whole yen, KWD thousandths). SQLite and, in the PostgreSQL pass,
// PostgreSQL.
// Rerun alone: node --test tests/e2e/cli/history-money.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { freshDb } = require('../lib/db.js');
const { ok } = require('../lib/cli.js');
const { sqlRows } = require('../lib/sql.js');

const NOW = '2026-03-02T12:00:00Z';

test('history money is in minor units', async (t) => {
  const { dir, db } = freshDb('fulcrum-histmoney');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const must = (args, opts = {}) => ok(db, args, { now: NOW, ...opts });
  must(['init']);
  must(['account', 'add', 'Acme']);
  must(['contact', 'add', 'Bob', '--account', '1']);
  must(['deal', 'add', 'Big', '--account', '1', '--contact', '1', '--next', 'call',
    '--due', '2026-03-09', '--value', '$1,234.56']);
  must(['deal', 'edit', '1', '--value', '20', '--title', 'Bigger']);
  must(['deal', 'edit', '1', '--value', '0.29']);
  must(['offering', 'add', 'Gold', '--price', '12.5']);
  must(['offering', 'edit', '1', '--price', '13']);
  must(['offering', 'add', 'Tin']);
  must(['offering', 'edit', '2', '--price', '0.5']);

  await t.test('events keep minor units on both sides', () => {
    const h = must(['deal', 'history', '1'], { json: true }).json();
    assert.deepEqual(h[0].data, { title: 'Big', account_id: 1, contact_id: 1, value_minor: 123456 });
    assert.deepEqual(h[1].data, { before: { title: 'Big', value_minor: 123456 },
      after: { title: 'Bigger', value_minor: 2000 } });
    assert.deepEqual(h[2].data, { before: { value_minor: 2000 }, after: { value_minor: 29 } });
    const off = sqlRows(db, "SELECT data FROM events WHERE entity = 'offering' ORDER BY id")
      .map((r) => JSON.parse(r[0]));
    assert.deepEqual(off, [{ name: 'Gold', price_minor: 1250 },
      { before: { price_minor: 1250 }, after: { price_minor: 1300 } },
      { name: 'Tin' },
      { before: { price_minor: null }, after: { price_minor: 50 } }]);
  });

  await t.test('deal history shows amounts in the currency\'s unit', () => {
    const out = must(['deal', 'history', '1']).stdout;
    // with the deal's currency and thousands separators
    assert.match(out, /value USD 1,234\.56\s*\n/);
    assert.match(out, /title Big -> Bigger, value USD 1,234\.56 -> USD 20\.00/);
    assert.match(out, /value USD 20\.00 -> USD 0\.29/);
  });

  await t.test('migration 009 rewrites the earlier forms', () => {
    const old = [
      ['deal', 'create', '{"title":"Old","value":"$1,234.50"}', '{"title":"Old","value_cents":123450}'],
      ['deal', 'create', '{"title":"Demo","value":44500}', '{"title":"Demo","value_cents":4450000}'],
      ['deal', 'update', '{"before":{"value":10.5},"after":{"value":2000}}',
        '{"before":{"value_cents":1050},"after":{"value_cents":2000}}'],
      ['deal', 'update', '{"before":{"title":"A"},"after":{"title":"B"}}',
        '{"before":{"title":"A"},"after":{"title":"B"}}'],
      ['offering', 'create', '{"name":"Tin","price":125}', '{"name":"Tin","price_cents":125}'],
      ['offering', 'update', '{"before":{"price":null},"after":{"price":1310}}',
        '{"before":{"price_cents":null},"after":{"price_cents":1310}}'],
      ['offering', 'update', '{"before":{"price":13.1},"after":{"price":29}}',
        '{"before":{"price_cents":1310},"after":{"price_cents":29}}'],
    ];
    const first = Number(sqlRows(db, 'SELECT MAX(id) FROM events')[0][0]);
    for (const [entity, action, data] of old) {
      sqlRows(db, `INSERT INTO events (org_id, at, actor_id, entity, entity_id, action, data)
        VALUES (1, '${NOW}', 1, '${entity}', 1, '${action}', '${data}')`);
    }
    sqlRows(db, 'DELETE FROM schema_migrations WHERE version = 9');
    must(['migrate']);
    const got = sqlRows(db, `SELECT data FROM events WHERE id > ${first} ORDER BY id`)
      .map((r) => JSON.parse(r[0]));
    assert.deepEqual(got, old.map((o) => JSON.parse(o[3])));
    // the events written in minor units are left as they were
    const h = must(['deal', 'history', '1'], { json: true }).json();
    assert.deepEqual(h[2].data, { before: { value_minor: 2000 }, after: { value_minor: 29 } });
  });

  await t.test('migration 012 converts amounts kept in hundredths to minor units', () => {
    must(['deal', 'add', 'Yen', '--account', '1', '--contact', '1', '--next', 'call',
      '--due', '2026-03-09', '--value', '1000000', '--currency', 'JPY']);
    must(['deal', 'add', 'Dinar', '--account', '1', '--contact', '1', '--next', 'call',
      '--due', '2026-03-09', '--value', '1.23', '--currency', 'KWD']);
    must(['offering', 'add', 'Yen box', '--price', '500', '--currency', 'JPY']);
    const id = (title) => sqlRows(db, `SELECT id FROM deals WHERE title = '${title}'`)[0][0];
    const yen = id('Yen');
    const dinar = id('Dinar');
    // the database as the versions before 012 left it: hundredths for every
    // currency, events under *_cents
    sqlRows(db, `UPDATE deals SET value_cents = 100000050 WHERE id = ${yen}`);
    sqlRows(db, `UPDATE deals SET value_cents = 123 WHERE id = ${dinar}`);
    sqlRows(db, "UPDATE offerings SET price_cents = 50000 WHERE name = 'Yen box'");
    const first = Number(sqlRows(db, 'SELECT MAX(id) FROM events')[0][0]);
    const old = [
      ['deal', yen, 'create', '{"title":"Yen","currency":"JPY","value_cents":100000050}',
        { title: 'Yen', currency: 'JPY', value_minor: 1000001 }],
      ['deal', yen, 'update', '{"before":{"value_cents":90000000},"after":{"value_cents":100000050}}',
        { before: { value_minor: 900000 }, after: { value_minor: 1000001 } }],
      ['deal', dinar, 'update', '{"before":{"value_cents":null},"after":{"value_cents":123}}',
        { before: { value_minor: null }, after: { value_minor: 1230 } }],
      // a change of currency: each side in its own
      ['deal', yen, 'update', '{"before":{"currency":"USD","value_cents":1050},' +
        '"after":{"currency":"JPY","value_cents":100000}}',
        { before: { currency: 'USD', value_minor: 1050 }, after: { currency: 'JPY', value_minor: 1000 } }],
      ['deal', 1, 'update', '{"before":{"value_cents":2000},"after":{"value_cents":29}}',
        { before: { value_minor: 2000 }, after: { value_minor: 29 } }],
      ['offering', 3, 'create', '{"name":"Yen box","currency":"JPY","price_cents":50000}',
        { name: 'Yen box', currency: 'JPY', price_minor: 500 }],
    ];
    for (const [entity, eid, action, data] of old) {
      sqlRows(db, `INSERT INTO events (org_id, at, actor_id, entity, entity_id, action, data)
        VALUES (1, '${NOW}', 1, '${entity}', ${eid}, '${action}', '${data}')`);
    }
    sqlRows(db, 'DELETE FROM schema_migrations WHERE version = 12');
    must(['migrate']);
    assert.deepEqual(sqlRows(db, 'SELECT title, value_cents FROM deals ORDER BY id')
      .map((r) => [r[0], Number(r[1])]), [['Bigger', 29], ['Yen', 1000001], ['Dinar', 1230]]);
    assert.deepEqual(sqlRows(db, 'SELECT name, price_cents FROM offerings ORDER BY id')
      .map((r) => [r[0], r[1] === null ? null : Number(r[1])]),
    [['Gold', 1300], ['Tin', 50], ['Yen box', 500]]);
    const got = sqlRows(db, `SELECT data FROM events WHERE id > ${first} ORDER BY id`)
      .map((r) => JSON.parse(r[0]));
    assert.deepEqual(got, old.map((o) => o[4]));
    // the rollups followed
    assert.deepEqual(sqlRows(db, 'SELECT SUM(value_cents) FROM report_open_deals')
      .map((r) => Number(r[0])), [29 + 1000001 + 1230]);
    assert.match(must(['deal', 'show', String(yen)]).stdout, /value JPY 1,000,001,/);
    assert.match(must(['deal', 'show', String(dinar)]).stdout, /value KWD 1\.230,/);
  });

  await t.test('a backup from before 012 restores in minor units', () => {
    const file = path.join(dir, 'old-backup.json');
    must(['export', 'json', file]);
    const b = JSON.parse(fs.readFileSync(file, 'utf8'));
    // as the versions before 012 wrote it: hundredths under *_cents
    for (const d of b.deals) {
      d.value_cents = d.currency === 'JPY' ? d.value_minor * 100
        : d.currency === 'KWD' ? d.value_minor / 10 : d.value_minor;
      delete d.value_minor;
    }
    for (const o of b.offerings) {
      o.price_cents = o.price_minor === null ? null
        : o.currency === 'JPY' ? o.price_minor * 100 : o.price_minor;
      delete o.price_minor;
    }
    for (const e of b.events) {
      if (e.data) e.data = e.data.replace(/"(value|price)_minor":(\d+)/g, (m, k, v) => {
        const jpy = e.entity === 'deal' ? e.entity_id === 2 : e.entity_id === 3;
        return `"${k}_cents":${jpy ? Number(v) * 100 : Number(v)}`;
      });
    }
    // and, older than the history's chain (sql/022), without hashes
    delete b.event_chains;
    for (const e of b.events) { delete e.prev_hash; delete e.hash; }
    fs.writeFileSync(file, JSON.stringify(b));
    const target = freshDb('fulcrum-histmoney-restore');
    t.after(() => fs.rmSync(target.dir, { recursive: true, force: true }));
    ok(target.db, ['import', 'json', file]);
    // the restore chains the events it was given
    assert.equal(ok(target.db, ['verify'], { json: true }).json().ok, true);
    const deals = ok(target.db, ['deal', 'list'], { json: true }).json();
    assert.deepEqual(deals.map((d) => [d.title, d.value_minor, d.currency]).sort(),
      [['Bigger', 29, 'USD'], ['Dinar', 1230, 'KWD'], ['Yen', 1000001, 'JPY']]);
    const yenDeal = deals.find((d) => d.title === 'Yen');
    const h = ok(target.db, ['deal', 'history', String(yenDeal.id)], { json: true }).json();
    assert.ok(h.length > 0);
    assert.ok(h.every((ev) => !JSON.stringify(ev.data).includes('_cents')), JSON.stringify(h));
    assert.equal(h[0].data.value_minor, 1000000);
    assert.match(ok(target.db, ['deal', 'history', String(yenDeal.id)]).stdout,
      /value JPY 1,000,000\s*\n/);
  });
});
