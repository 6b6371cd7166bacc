#!/usr/bin/env bash
# What the rows a deals import writes cost SQLite itself, as
# import-floor.sh says it for contacts: the sqlite3 shell loads the
# generated CSV (as `BENCH_IMPORT_KIND=deals bench/import.sh` makes it)
# into a bare table, then writes what `fulcrum import deals` writes into a
# database made by `fulcrum init`, one INSERT ... SELECT per table in one
# transaction: the accounts, contacts, deals, their stays in deal_steps, the
# open deals' next steps and the won deals' checks with their indexes; then
# the same with every trigger on (the search index and the accounts'
# first wins made once at the end, as the import makes them once a batch;
# the report, money and rank rollups the triggers keep); then the step rollups summed once from
# their views, the history events and the duplicate keys. No parsing, no
# validation, no hashing (the history chain's hashes are random here), no
# duplicate guard. Each figure is the best CPU time (user + system) of
# three runs, beside `fulcrum import deals` of the same file.
# usage: bench/import-floor-deals.sh [N] [BUILD_DIR]  (default 10000 build-release)
set -eu
N=${1:-10000}
BUILD=${2:-build-release}
. "$(dirname "$0")/lib-import.sh"
BIN=$(fulcrum_bin "$BUILD")
floor_begin deals "$N"
today=${now%%T*}
load=".mode csv
CREATE TEMP TABLE t (title TEXT, account TEXT, contact TEXT, value TEXT,
  currency TEXT, status TEXT, close_date TEXT, created TEXT, owner TEXT);
.import --skip 1 in.csv t"
# the process's first and last steps, and each row's account and contact
rows="CREATE TEMP TABLE p AS SELECT
  (SELECT key FROM steps WHERE process_id = 1 ORDER BY position LIMIT 1) AS first,
  (SELECT key FROM steps WHERE process_id = 1 ORDER BY position DESC LIMIT 1) AS last;
INSERT INTO accounts (org_id, name, owner_id, created_at, updated_at)
  SELECT 1, account, 1, '$now', '$now' FROM t GROUP BY account
  ORDER BY MIN(rowid);
INSERT INTO contacts (org_id, name, account_id, email, owner_id, created_at,
  updated_at)
  SELECT 1, t.contact, a.id, t.contact, 1, '$now', '$now' FROM t
  JOIN accounts a ON a.org_id = 1 AND a.name = t.account ORDER BY t.rowid;
INSERT INTO deals (org_id, title, account_id, contact_id, process_id, step,
  step_entered_at, value_cents, currency, close_date, status, lost_reason,
  owner_id, delivered_on, closed_at, created_at, updated_at)
  SELECT 1, t.title, c.account_id, c.id, 1,
    CASE t.status WHEN 'won' THEN p.last ELSE p.first END,
    COALESCE(NULLIF(t.close_date, ''), t.created) || 'T00:00:00Z',
    CAST(t.value AS REAL) * 100, t.currency, NULLIF(t.close_date, ''),
    t.status, CASE t.status WHEN 'lost' THEN 'imported as lost' END, 1,
    CASE t.status WHEN 'won' THEN t.close_date END,
    CASE WHEN t.status <> 'open' THEN t.close_date || 'T00:00:00Z' END,
    t.created || 'T00:00:00Z', '$now'
  FROM t JOIN contacts c ON c.org_id = 1 AND c.email = t.contact, p
  ORDER BY t.rowid;
INSERT INTO deal_steps (org_id, deal_id, process_id, owner_id, step,
  entered_at, entered_by, left_at, left_by, to_step, event_id)
  SELECT 1, d.id, 1, 1, CASE d.status WHEN 'open' THEN p.first ELSE '?' END,
    d.created_at, 'create', d.closed_at, NULLIF(d.status, 'open'),
    CASE d.status WHEN 'won' THEN p.last END, 4 * d.id FROM deals d, p;
INSERT INTO deal_steps (org_id, deal_id, process_id, owner_id, step,
  entered_at, entered_by, event_id)
  SELECT 1, id, 1, 1, step, closed_at, 'won', 4 * id + 1 FROM deals
  WHERE status = 'won';
INSERT INTO next_steps (org_id, what, due, type, deal_id, owner_id, status,
  created_at, updated_at)
  SELECT 1, 'Review imported deal', '$today', 'other', id, 1, 'open', '$now',
    '$now' FROM deals WHERE status = 'open';
UPDATE deals SET next_step_id = (SELECT n.id FROM next_steps n
    WHERE n.org_id = 1 AND n.deal_id = deals.id), version = version + 1
  WHERE status = 'open';
INSERT INTO checks (org_id, deal_id, owner_id, due, delivered_on, created_at,
  updated_at)
  SELECT 1, id, 1, date(delivered_on, '+14 days'), delivered_on, '$now',
    '$now' FROM deals WHERE status = 'won';"
no_triggers="SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master
  WHERE type = 'trigger' AND tbl_name IN ('accounts', 'contacts', 'deals',
    'deal_steps', 'next_steps', 'checks');"
rollups=""
for r in "report_entries|report_entry_v|org_id, day, owner_id, process_id, step, prev_day|entered, advanced, lost, won|COUNT(*), SUM(advanced), SUM(lost), SUM(won)" \
	 "report_starts|report_start_v|org_id, day, owner_id, process_id, prev_day|deals, won|COUNT(*), SUM(won)" \
	 "report_stays|report_stay_v|org_id, day, owner_id, process_id, step, hours|n|COUNT(*)" \
	 "report_cycles|report_cycle_v|org_id, day, owner_id, process_id, status, hours|n|COUNT(*)" \
	 "report_learn|report_learn_v|org_id, owner_id, process_id, step|closed, won|COUNT(*), SUM(won)" \
	 "report_closings|report_closing_v|org_id, day, until_day, owner_id, process_id, step|closed, won|COUNT(*), SUM(won)"; do
	IFS='|' read -r table view keys cols sums <<< "$r"
	rollups="$rollups
INSERT INTO $table ($keys, $cols) SELECT $keys, $sums FROM $view
  WHERE org_id = 1 GROUP BY $keys;"
done
history="$rollups
INSERT INTO events (org_id, at, actor_id, entity, entity_id, action, data,
  prev_hash, hash)
  SELECT 1, '$now', 1, 'account', id, 'create',
    json_object('name', name, 'owner_id', 1),
    hex(randomblob(32)), hex(randomblob(32)) FROM accounts UNION ALL
  SELECT 1, '$now', 1, 'contact', id, 'create',
    json_object('name', name, 'account_id', account_id, 'email', email,
                'owner_id', 1),
    hex(randomblob(32)), hex(randomblob(32)) FROM contacts UNION ALL
  SELECT 1, '$now', 1, 'deal', deal_id, CASE entered_by WHEN 'won' THEN 'won'
    ELSE 'create' END, NULL, hex(randomblob(32)), hex(randomblob(32))
    FROM deal_steps UNION ALL
  SELECT 1, '$now', 1, 'deal', id, 'lost', NULL, hex(randomblob(32)),
    hex(randomblob(32)) FROM deals WHERE status = 'lost' UNION ALL
  SELECT 1, '$now', 1, 'next_step', id, 'create',
    json_object('what', what, 'due', due, 'type', type, 'deal_id', deal_id,
                'owner_id', 1, 'status', status),
    hex(randomblob(32)), hex(randomblob(32)) FROM next_steps;
INSERT INTO duplicate_keys (org_id, kind, record_id, rule, norm)
  SELECT 1, 'account', id, 'name', lower(name) FROM accounts UNION ALL
  SELECT 1, 'contact', id, 'email', email FROM contacts UNION ALL
  SELECT 1, 'contact', id, 'email_domain', substr(email, instr(email, '@') + 1)
  FROM contacts;"

# the search index and the accounts' first wins made once at the end, as
# the import does at each batch's commit (core/refresh-defer.h)
apply=$(sqlite3 init.db "SELECT sql || ';' FROM sqlite_master WHERE name IN
  ('search_refresh_apply', 'report_account_refresh_apply')")
defer="CREATE TEMP TABLE search_deferred (kind INTEGER NOT NULL,
  record_id INTEGER NOT NULL, PRIMARY KEY (kind, record_id)) WITHOUT ROWID;
CREATE TEMP TABLE account_wins_deferred (org_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL, PRIMARY KEY (org_id, account_id)) WITHOUT ROWID;
DROP TRIGGER main.search_refresh_apply;
DROP TRIGGER main.report_account_refresh_apply;
CREATE TEMP TRIGGER search_refresh_deferred INSTEAD OF INSERT ON
  main.search_refresh BEGIN INSERT OR IGNORE INTO search_deferred (kind,
  record_id) VALUES (NEW.kind, NEW.record_id); END;
CREATE TEMP TRIGGER report_account_refresh_deferred INSTEAD OF INSERT ON
  main.report_account_refresh BEGIN INSERT OR IGNORE INTO
  account_wins_deferred (org_id, account_id) VALUES (NEW.org_id,
  NEW.account_id); END;"
flush="DROP TRIGGER temp.search_refresh_deferred;
DROP TRIGGER temp.report_account_refresh_deferred;
$apply
INSERT INTO search_refresh (kind, record_id) SELECT kind, record_id
  FROM temp.search_deferred ORDER BY kind, record_id;
INSERT INTO report_account_refresh (org_id, account_id) SELECT org_id,
  account_id FROM temp.account_wins_deferred ORDER BY org_id, account_id;"

sql() { sqlite3 x.db <<< "$1"; }
sql_bare() { sql "$load
$(sqlite3 x.db "$no_triggers")
BEGIN; $rows COMMIT;"; }
fulcrum_import() { "$BIN" --db x.db --quiet import deals in.csv; }

bare=$(best_cpu sql "$load")
plain=$(best_cpu sql_bare)
triggers=$(best_cpu sql "$load
BEGIN; $defer $rows $flush COMMIT;")
all=$(best_cpu sql "$load
BEGIN; $defer $rows $flush $history COMMIT;")
ours=$(best_cpu fulcrum_import)

echo "$N deals, best of three, ratio to the bare .import"
floor_row "sqlite3 .import into a bare table" "$bare"
floor_row "+ the rows of six tables, their indexes" "$plain"
floor_row "+ their triggers (search index, rollups)" "$triggers"
floor_row "+ step rollups, history events, keys: the floor" "$all"
floor_row "fulcrum import deals" "$ours"
