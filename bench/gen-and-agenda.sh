#!/bin/sh
# Benchmark: generate a demo database of N deals (default 1,000,000) into a
# fresh SQLite file, then time one rep's agenda with hyperfine, and write
# the method, machine and figures into docs/benchmarks.md (its own section).
# usage: bench/gen-and-agenda.sh [DEALS]   env: FULCRUM_BIN (default
# build/fulcrum), BENCH_DIR (default /tmp/fulcrum-bench), BENCH_REP.
set -eu
cd "$(dirname "$0")/.."
DEALS=${1:-1000000}
BIN=${FULCRUM_BIN:-build/fulcrum}
DIR=${BENCH_DIR:-/tmp/fulcrum-bench}
REP=${BENCH_REP:-rep1@demo.test}
DOC=docs/benchmarks.md
# a fixed day, so every run builds the same data and the same agenda
export FULCRUM_NOW=${FULCRUM_NOW:-2026-03-02}

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "bench: no binary '$BIN' (build first, or set FULCRUM_BIN)" >&2; exit 2; }
mkdir -p "$DIR"
DB="$DIR/demo-$DEALS.db"
rm -f "$DB" "$DB-wal" "$DB-shm"

# wall and CPU time: the machine may be shared, CPU time is what the run costs
/usr/bin/time -f '%e %U %S %M' -o "$DIR/gen-time.txt" \
	"$BIN" --db "$DB" --quiet demo --seed 1 --deals "$DEALS"
read -r gen gen_user gen_sys gen_rss <"$DIR/gen-time.txt"
gen_cpu=$(echo "$gen_user + $gen_sys" | bc)

open=$(sqlite3 "$DB" "SELECT COUNT(*) FROM deals d JOIN users u ON u.org_id = d.org_id AND u.id = d.owner_id WHERE u.email = '$REP' AND d.status = 'open'")
total=$(sqlite3 "$DB" "SELECT COUNT(*) FROM deals")
size=$(du -m "$DB" | cut -f1)

# warm the page cache once, as a server would be
"$BIN" --db "$DB" --as "$REP" agenda >/dev/null
hyperfine --warmup 3 --runs 30 --export-json "$DIR/agenda.json" \
	-n "agenda" "$BIN --db $DB --as $REP agenda" \
	-n "agenda --json" "$BIN --db $DB --as $REP --json agenda" \
	-n "reference: --version" "$BIN --version" >"$DIR/hyperfine.txt"
cat "$DIR/hyperfine.txt"

ms() { # mean and stddev in ms of result $1 of hyperfine's JSON
	python3 -c "import json,sys; r=json.load(open('$DIR/agenda.json'))['results'][$1]; print('%.1f ± %.1f' % (r['mean']*1000, r['stddev']*1000))"
}
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
cores=$(nproc)
mem=$(free -g | awk '/Mem:/ {print $2}')
sqlitev=$(sqlite3 --version | cut -d' ' -f1)

section=$(cat <<MD
## Demo generation and one rep's agenda

Method: \`bench/gen-and-agenda.sh $DEALS\` builds a fresh SQLite file with
\`fulcrum demo --seed 1 --deals $DEALS\` (FULCRUM_NOW=$FULCRUM_NOW), timed
once, then times \`fulcrum --as $REP agenda\` and \`--json agenda\` with
hyperfine (3 warm-up runs, 30 runs; each run is a whole process: start,
open the database, build the agenda, print it). \`fulcrum --version\` is
the reference measured in the same run: the cost of starting the binary.

The demo takes its bulk path at this size (bench/README.md): the same rows
and history events as the core services, written once per deal in their
final state, in one transaction, with the secondary indexes built at the
end. Generation is timed once with \`/usr/bin/time\`; the machine may be
shared, so the CPU time is the figure that measures the work.

Machine: $cpu, $cores cores, ${mem} GB RAM, load average $(cut -d" " -f1-3 /proc/loadavg) at the end; SQLite $sqlitev; $(date -u +%Y-%m-%d).

| what | figure |
|------|--------|
| deals generated | $total |
| open deals of $REP | $open |
| database size | $size MB |
| \`demo --deals $DEALS\` wall | $(printf '%.0f' "$gen") s |
| \`demo --deals $DEALS\` CPU (user + sys) | $(printf '%.0f' "$gen_cpu") s ($(printf '%.0f' "$gen_user") + $(printf '%.0f' "$gen_sys")), peak RSS $((gen_rss / 1024)) MB |
| \`agenda\` (mean ± σ) | $(ms 0) ms |
| \`--json agenda\` (mean ± σ) | $(ms 1) ms |
| reference \`--version\` | $(ms 2) ms |
MD
)
python3 - "$DOC" "$section" <<'PY'
import sys, re
doc, section = sys.argv[1], sys.argv[2]
begin, end = "<!-- bench:demo-agenda:begin -->", "<!-- bench:demo-agenda:end -->"
try:
    text = open(doc).read()
except FileNotFoundError:
    text = "# Benchmarks\n\nBenchmarks live in bench/ and never run in CI; each section is written by its script.\n"
block = begin + "\n" + section + "\n" + end
if begin in text:
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(doc, "w").write(text)
PY
echo "bench: results written to $DOC"
