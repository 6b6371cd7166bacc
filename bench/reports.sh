#!/bin/sh
# Times every report (docs/reports.md) with hyperfine on a database of N
# deals (default 1,000,000), as the admin (the whole organisation) and as one
# rep, plus a funnel over one quarter and the forecast backtest. The database
# is made once by bench/gen-reports-db.sh (a `fulcrum demo` base copied with
# shifted ids) and kept for later runs; BENCH_DB names another one.
# Usage: bench/reports.sh [BUILD_DIR] [N]       (results: docs/benchmarks.md)
set -eu

build=${1:-build}
n=${2:-1000000}
bin=$build/fulcrum
db=${BENCH_DB:-/tmp/fulcrum-bench-reports-$n.db}
runs=${BENCH_RUNS:-3}

if [ ! -x "$bin" ]; then
	echo "reports.sh: no binary '$bin' (build first: ninja -C $build)" >&2
	exit 2
fi
if ! command -v hyperfine >/dev/null; then
	echo "reports.sh: needs hyperfine (apt-get install hyperfine)" >&2
	exit 2
fi
if [ ! -s "$db" ]; then
	echo "making $db with $n deals (once)" >&2
	copies=$(( (n + 1999) / 2000 ))
	"$(dirname "$0")/gen-reports-db.sh" "$build" "$db" 2000 "$copies"
fi

deals=$(sqlite3 "$db" 'SELECT COUNT(*) FROM deals')
stays=$(sqlite3 "$db" 'SELECT COUNT(*) FROM deal_steps')
rep=$(sqlite3 "$db" "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1")
echo "database: $db ($deals deals, $stays stays); today: $(date -u +%F)"
year=$(date -u +%Y)
out=${BENCH_OUT:-/tmp/fulcrum-bench-reports.md}

set -- "$bin --version"
for r in pipeline funnel velocity winrate agreements discipline followup \
	 forecast; do
	set -- "$@" "$bin --db $db --json report $r"
	[ -n "$rep" ] && set -- "$@" "$bin --db $db --as $rep --json report $r"
done
set -- "$@" "$bin --db $db --json report funnel --from $((year - 1))-10-01 --to $((year - 1))-12-31"
set -- "$@" "$bin --db $db --json report forecast --backtest --at $((year - 1))-09-01"
hyperfine --warmup 1 --runs "$runs" --export-markdown "$out" --output=null "$@"
echo "table: $out"
