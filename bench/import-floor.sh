#!/usr/bin/env bash
# What the contacts an import writes cost SQLite itself: the sqlite3 shell
# loads the same generated CSV (as bench/import.sh makes it) into a bare
# table, then writes the rows a `fulcrum import contacts` writes into a
# database made by `fulcrum init`, one INSERT ... SELECT per table in one
# transaction: the contacts with their indexes, then their search-index
# rows, then their history events and duplicate keys. No parsing, no
# validation, no hashing (the history chain's hashes are random here).
# Each figure is the best CPU time (user + system) of three runs, beside
# `fulcrum import contacts` of the same file: the floor no import can go
# under while it writes every row the rules ask for.
# usage: bench/import-floor.sh [N] [BUILD_DIR]   (default 20000 build-release)
set -eu
N=${1:-20000}
BUILD=${2:-build-release}
. "$(dirname "$0")/lib-import.sh"
BIN=$(fulcrum_bin "$BUILD")
floor_begin contacts "$N"
load=".mode csv
CREATE TEMP TABLE t (name TEXT, email TEXT, phone TEXT, title TEXT);
.import --skip 1 in.csv t"
contacts="INSERT INTO contacts (org_id, name, email, phone, title, owner_id,
  created_at, updated_at)
  SELECT 1, name, email, phone, title, 1, '$now', '$now' FROM t;"
history="INSERT INTO events (org_id, at, actor_id, entity, entity_id, action,
  data, prev_hash, hash)
  SELECT 1, '$now', 1, 'contact', id, 'create',
    json_object('name', name, 'email', email, 'phone', phone,
                'title', title, 'owner_id', 1),
    hex(randomblob(32)), hex(randomblob(32)) FROM contacts;
INSERT INTO duplicate_keys (org_id, kind, record_id, rule, norm)
  SELECT 1, 'contact', id, 'email', email FROM contacts UNION ALL
  SELECT 1, 'contact', id, 'email_domain', 'bench.test' FROM contacts UNION ALL
  SELECT 1, 'contact', id, 'phone', replace(substr(phone, 3), ' ', '')
  FROM contacts;"
no_search="DROP TRIGGER contacts_search_insert;"

sql() { sqlite3 x.db <<< "$1"; }
fulcrum_import() { "$BIN" --db x.db --quiet import contacts in.csv; }

bare=$(best_cpu sql "$load")
rows=$(best_cpu sql "$load
$no_search
BEGIN; $contacts COMMIT;")
search=$(best_cpu sql "$load
BEGIN; $contacts COMMIT;")
all=$(best_cpu sql "$load
BEGIN; $contacts $history COMMIT;")
ours=$(best_cpu fulcrum_import)

echo "$N contacts, best of three, ratio to the bare .import"
floor_row "sqlite3 .import into a bare table" "$bare"
floor_row "+ INSERT into contacts, its indexes" "$rows"
floor_row "+ the search index (the contacts' trigger)" "$search"
floor_row "+ history events and duplicate keys: the floor" "$all"
floor_row "fulcrum import contacts" "$ours"
