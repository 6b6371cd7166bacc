#!/bin/sh
# Imports N contacts (default 1,000,000) from a generated CSV with
# `fulcrum import contacts` and, as the reference measured in the same run,
# loads the same file with the sqlite3 shell's `.import` into a bare table.
# The ratio says what dedupe, validation, history and batching cost.
# usage: bench/import.sh [N] [BUILD_DIR]     (default 1000000 build)
set -eu
N=${1:-1000000}
BUILD=${2:-build}
BIN=$(cd "$(dirname "$0")/.." && pwd)/$BUILD/fulcrum
DIR=$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-bench-import.XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM

awk -v n="$N" 'BEGIN {
	print "name,email,phone,title";
	for (i = 1; i <= n; i++)
		printf "Person %d,person%d@bench.test,+1 555 %07d,Buyer\n", i, i, i;
}' > "$DIR/contacts.csv"
SIZE=$(wc -c < "$DIR/contacts.csv")

now() { date +%s.%N; }

"$BIN" --db "$DIR/f.db" --quiet init --org Bench --admin-email admin@bench.test \
	--admin-name Admin
T0=$(now)
"$BIN" --db "$DIR/f.db" --quiet import contacts "$DIR/contacts.csv"
T1=$(now)
FCOUNT=$(sqlite3 "$DIR/f.db" 'SELECT COUNT(*) FROM contacts')

sqlite3 "$DIR/s.db" 'CREATE TABLE contacts (name TEXT, email TEXT, phone TEXT, title TEXT)'
T2=$(now)
sqlite3 "$DIR/s.db" <<SQL
.mode csv
.import --skip 1 $DIR/contacts.csv contacts
SQL
T3=$(now)
SCOUNT=$(sqlite3 "$DIR/s.db" 'SELECT COUNT(*) FROM contacts')

awk -v n="$N" -v size="$SIZE" -v f0="$T0" -v f1="$T1" -v s0="$T2" -v s1="$T3" \
    -v fc="$FCOUNT" -v sc="$SCOUNT" 'BEGIN {
	f = f1 - f0; s = s1 - s0;
	printf "rows: %d (%.1f MB CSV)\n", n, size / 1e6;
	printf "fulcrum import contacts: %.2f s, %.0f rows/s (%d rows in the table)\n", f, n / f, fc;
	printf "sqlite3 .import:         %.2f s, %.0f rows/s (%d rows in the table)\n", s, n / s, sc;
	printf "ratio (fulcrum / sqlite3 .import): %.1f\n", f / s;
}'
