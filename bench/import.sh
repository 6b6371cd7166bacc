#!/usr/bin/env bash
# Imports N rows (default 1,000,000) from a generated CSV with `fulcrum
# import contacts` (or deals, with BENCH_IMPORT_KIND=deals) and, as the
# reference measured in the same run, loads the same file with the sqlite3
# shell's `.import` into a bare table. The ratio says what dedupe,
# validation, history, rollups and batching cost. Wall and CPU time
# (user + system, from bash's `time`, to the millisecond: the shell loads
# 20,000 rows in about 10 ms) of both: on a shared machine the CPU time is
# the figure to compare.
# usage: bench/import.sh [N] [BUILD_DIR]     (default 1000000 build)
# env: BENCH_IMPORT_KIND contacts (default) or deals
set -eu
N=${1:-1000000}
BUILD=${2:-build}
KIND=${BENCH_IMPORT_KIND:-contacts}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-bench-import.XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM
. "$(dirname "$0")/lib-import.sh"
BIN=$(fulcrum_bin "$BUILD")

case $KIND in
contacts)
	COLS="name TEXT, email TEXT, phone TEXT, title TEXT"
	contacts_csv "$N" > "$DIR/in.csv" ;;
deals)
	COLS="title TEXT, account TEXT, contact TEXT, value TEXT, currency TEXT, status TEXT, close_date TEXT, created TEXT, owner TEXT"
	deals_csv "$N" > "$DIR/in.csv" ;;
*)
	echo "bench: BENCH_IMPORT_KIND is contacts or deals, not '$KIND'" >&2; exit 2 ;;
esac
SIZE=$(wc -c < "$DIR/in.csv")

init_db "$DIR/f.db"
TIMEFORMAT='%3R %3U %3S'
{ time "$BIN" --db "$DIR/f.db" --quiet import "$KIND" "$DIR/in.csv" 2>&3; } 3>&2 2> "$DIR/f.time"
FCOUNT=$(sqlite3 "$DIR/f.db" "SELECT COUNT(*) FROM $KIND")

sqlite3 "$DIR/s.db" "CREATE TABLE t ($COLS)"
printf '.mode csv\n.import --skip 1 %s t\n' "$DIR/in.csv" > "$DIR/load.sql"
{ time sqlite3 "$DIR/s.db" < "$DIR/load.sql" 2>&3; } 3>&2 2> "$DIR/s.time"
SCOUNT=$(sqlite3 "$DIR/s.db" 'SELECT COUNT(*) FROM t')

read -r F FU FS < "$DIR/f.time"
read -r S SU SS < "$DIR/s.time"
awk -v n="$N" -v size="$SIZE" -v kind="$KIND" -v f="$F" -v fc="$FCOUNT" \
    -v fcpu="$(echo "$FU + $FS" | bc)" -v s="$S" -v sc="$SCOUNT" \
    -v scpu="$(echo "$SU + $SS" | bc)" 'BEGIN {
	if (f <= 0) f = 0.001; if (s <= 0) s = 0.001;
	if (fcpu <= 0) fcpu = 0.001; if (scpu <= 0) scpu = 0.001;
	printf "rows: %d (%.1f MB CSV)\n", n, size / 1e6;
	printf "fulcrum import %s: %.3f s, %.0f rows/s (%d rows in the table); CPU %.3f s\n", kind, f, n / f, fc, fcpu;
	printf "sqlite3 .import:         %.3f s, %.0f rows/s (%d rows in the table); CPU %.3f s\n", s, n / s, sc, scpu;
	printf "ratio (fulcrum / sqlite3 .import): %.1f (CPU %.1f)\n", f / s, fcpu / scpu;
}'
