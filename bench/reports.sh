#!/bin/sh
# Times every report (docs/reports.md) on a database of N deals (default
# 1,000,000) over a one-year period, as the admin (the whole organisation)
# and as one rep, plus the forecast backtest: CPU time (user + system, what
# matters on a shared machine) and wall time, the median of BENCH_RUNS runs
# of a whole process (start, open, query, print JSON). The database is made
# once by bench/gen-reports-db.sh (a `fulcrum demo` base copied with shifted
# ids) and kept for later runs; BENCH_DB names another one.
# Usage: bench/reports.sh [BUILD_DIR] [N]       (results: docs/benchmarks.md)
set -eu

build=${1:-build}
n=${2:-1000000}
bin=$build/fulcrum
db=${BENCH_DB:-/tmp/fulcrum-bench-reports-$n.db}
runs=${BENCH_RUNS:-5}
# the generator's clock: the demo's year of history ends on this day
now=${FULCRUM_NOW:-2026-03-02T12:00:00Z}
from=${BENCH_FROM:-2025-03-03}
to=${BENCH_TO:-2026-03-02}
at=${BENCH_AT:-2025-09-01}

if [ ! -x "$bin" ]; then
	echo "reports.sh: no binary '$bin' (build first: ninja -C $build)" >&2
	exit 2
fi
if [ ! -x /usr/bin/time ]; then
	echo "reports.sh: needs GNU time (apt-get install time)" >&2
	exit 2
fi
if [ ! -s "$db" ]; then
	echo "making $db with $n deals (once)" >&2
	copies=$(( (n + 1999) / 2000 ))
	FULCRUM_NOW=$now "$(dirname "$0")/gen-reports-db.sh" "$build" "$db" 2000 \
		"$copies"
fi

deals=$(sqlite3 "$db" 'SELECT COUNT(*) FROM deals')
stays=$(sqlite3 "$db" 'SELECT COUNT(*) FROM deal_steps')
inter=$(sqlite3 "$db" 'SELECT COUNT(*) FROM interactions')
rep=$(sqlite3 "$db" "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1")
echo "database: $db ($deals deals, $stays stays, $inter interactions)"
echo "period: $from .. $to; today: $now; $runs runs each, medians"
export FULCRUM_NOW="$now"

# median CPU ms and wall ms of RUNS runs of "$@"
measure() {
	i=0
	: > /tmp/fulcrum-bench-times.$$
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%U %S %e' -a -o /tmp/fulcrum-bench-times.$$ \
			"$@" >/dev/null
		i=$((i + 1))
	done
	m=$(( (runs + 1) / 2 ))
	cpu=$(awk '{ printf "%d\n", ($1 + $2) * 1000 }' \
		/tmp/fulcrum-bench-times.$$ | sort -n | sed -n "${m}p")
	wall=$(awk '{ printf "%d\n", $3 * 1000 }' /tmp/fulcrum-bench-times.$$ |
		sort -n | sed -n "${m}p")
	rm -f /tmp/fulcrum-bench-times.$$
	echo "$cpu $wall"
}

printf '| report | admin CPU (ms) | admin wall (ms) | rep CPU (ms) | rep wall (ms) |\n'
printf '|---|---:|---:|---:|---:|\n'
set -- $(measure "$bin" --version)
printf '| `--version` (start-up) | %s | %s | | |\n' "$1" "$2"
for r in pipeline funnel velocity winrate agreements discipline followup \
	 forecast; do
	set -- $(measure "$bin" --db "$db" --json report "$r" --from "$from" \
		--to "$to")
	a_cpu=$1 a_wall=$2
	set -- $(measure "$bin" --db "$db" --as "$rep" --json report "$r" \
		--from "$from" --to "$to")
	printf '| %s | %s | %s | %s | %s |\n' "$r" "$a_cpu" "$a_wall" "$1" "$2"
done
set -- $(measure "$bin" --db "$db" --json report forecast --backtest --at "$at")
a_cpu=$1 a_wall=$2
set -- $(measure "$bin" --db "$db" --as "$rep" --json report forecast \
	--backtest --at "$at")
printf '| forecast --backtest --at %s | %s | %s | %s | %s |\n' "$at" "$a_cpu" \
	"$a_wall" "$1" "$2"
