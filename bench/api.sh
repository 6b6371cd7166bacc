#!/usr/bin/env bash
# The HTTP API benchmark: wrk on loopback against `fulcrum serve` for GET one
# deal by id, GET the agenda and POST an interaction, on SQLite, then on
# PostgreSQL with one node and with two nodes on the same database (one wrk
# per node, their rates summed), beside nginx serving a static JSON file of
# the deal response's size. Prints a Markdown table: req/s, p50/p99 latency,
# the ratio to nginx and each server's memory (VmRSS and peak VmHWM).
# Usage: bench/api.sh [BUILD_DIR]                 (results: docs/benchmarks.md)
# Environment: BENCH_DEALS demo size (default 1000), BENCH_SECONDS per run
# (10), BENCH_CONNS connections in all (16), BENCH_THREADS database
# connections per node (8), BENCH_PG_DIR a running cluster from
# tests/pg-cluster.sh (default: a throwaway one started here).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
bin=$PWD/$build/fulcrum
deals=${BENCH_DEALS:-1000}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-16}
dbthreads=${BENCH_THREADS:-8}

die() { echo "api.sh: $*" >&2; exit 2; }

[ -x "$bin" ] || die "no binary '$bin' (build first: ninja -C $build)"
"$bin" help demo >/dev/null 2>&1 || die "'$bin' has no 'demo' command to make the data"
for tool in wrk nginx curl node; do
	command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install wrk nginx curl nodejs)"
done
case $deals$secs$conns$dbthreads in *[!0-9]*) die "BENCH_* values must be whole numbers" ;; esac
if [ $((conns % 2)) -ne 0 ] || [ "$conns" -lt 2 ]; then
	die "BENCH_CONNS must be even (split over two nodes)"
fi

work=$(mktemp -d /tmp/fulcrum-bench-api.XXXXXX)
chmod 755 "$work"
pids=()
own_pg=""
pgname=""
pgurl=""
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	if [ -n "$own_pg" ]; then
		tests/pg-cluster.sh stop "$own_pg" >/dev/null 2>&1 || true
	elif [ -n "$pgname" ]; then
		# a cluster we were lent: leave it as we found it
		psql -q "${pgurl%/*}/postgres" -c "DROP DATABASE IF EXISTS $pgname" \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# --- helpers ----------------------------------------------------------------

. bench/lib-http.sh

# start_serve DB NAME: starts a node, sets $serve_pid and $serve_url.
start_serve() {
	local db=$1 name=$2 i
	"$bin" --db "$db" serve --listen 127.0.0.1:0 --threads "$dbthreads" \
		>"$work/$name.out" 2>"$work/$name.err" &
	serve_pid=$!
	pids+=("$serve_pid")
	for i in $(seq 1 200); do
		serve_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/$name.out")
		[ -n "$serve_url" ] && return 0
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.05
	done
	cat "$work/$name.err" >&2
	die "node '$name' did not start"
}

stop_pid() {
	kill -TERM "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# wrk_run OUT SCRIPT URL...: one wrk per URL, at the same time, the
# connections split between them. Writes "rps p50 p99 bad" to OUT (rates
# and failures summed, latencies the worst of the runs).
wrk_run() {
	local out=$1 script=$2; shift 2
	local n=$# k=0 each=$((conns / $#)) threads=$((2 / $# > 0 ? 2 / $# : 1)) u
	local wpids=()
	for u in "$@"; do
		local args=(-t "$threads" -c "$each" -d "${secs}s" --latency --timeout 30s
			    -H "Authorization: Bearer $token")
		[ -n "$script" ] && args+=(-s "$script")
		BENCH_OFFSET=$k wrk "${args[@]}" "$u" >"$work/wrk.$k" 2>&1 &
		wpids+=($!)
		k=$((k + 1))
	done
	for p in "${wpids[@]}"; do wait "$p" || die "wrk failed: $(cat "$work"/wrk.*)"; done
	local rps=0 p50=0 p99=0 bad=0 i v
	for i in $(seq 0 $((n - 1))); do
		grep -q 'Requests/sec' "$work/wrk.$i" || die "wrk printed no rate: $(cat "$work/wrk.$i")"
		v=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.$i")
		rps=$(awk -v a="$rps" -v b="$v" 'BEGIN {printf "%.0f", a + b}')
		v=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.$i")")
		p50=$(awk -v a="$p50" -v b="$v" 'BEGIN {print (b > a ? b : a)}')
		v=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.$i")")
		p99=$(awk -v a="$p99" -v b="$v" 'BEGIN {print (b > a ? b : a)}')
		v=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {
			for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i + 0 }
			END {print n + 0}' "$work/wrk.$i")
		bad=$((bad + v))
	done
	echo "$rps $p50 $p99 $bad" >"$out"
}

ref_rps=""
# row BACKEND NODES WHAT RESULTFILE MEMORY
row() {
	local rps p50 p99 bad ratio
	read -r rps p50 p99 bad <"$4"
	if [ -n "$ref_rps" ]; then
		ratio=$(awk -v a="$rps" -v b="$ref_rps" 'BEGIN {printf "%.2f", a / b}')
	else
		ratio=1.00
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
		"$1" "$2" "$3" "$rps" "$p50" "$p99" "$ratio" "$5" "$bad"
}

# --- data ---------------------------------------------------------------------

if [ -n "${BENCH_PG_DIR:-}" ]; then
	pgdir=$BENCH_PG_DIR
else
	own_pg=$work/pg
	tests/pg-cluster.sh start "$own_pg" >/dev/null
	pgdir=$own_pg
fi
pgname=bench_api_$$_$RANDOM
pgurl=$(tests/pg-cluster.sh createdb "$pgdir" "$pgname")
sqlite=$work/bench.db

echo "making two demo databases of $deals deals (seed 1)" >&2
"$bin" --db "$sqlite" --quiet demo --seed 1 --deals "$deals" >/dev/null
"$bin" --db "$pgurl" --quiet demo --seed 1 --deals "$deals" >/dev/null

due=$(date -u -d '+7 days' +%F)
mkdir -p "$work/www"

# bench_backend LABEL DB: the three requests on one node, then (PostgreSQL)
# on two nodes.
bench_backend() {
	local label=$1 db=$2 pid1 pid2 url1 url2 ids deal
	token=$("$bin" --db "$db" --as rep1@demo.test token add --name bench)
	start_serve "$db" "$label-1"
	pid1=$serve_pid url1=$serve_url
	ids=$(curl -fsS -H "Authorization: Bearer $token" \
		"$url1/api/v1/deals?status=open&limit=100" |
		node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
			const ids=JSON.parse(s).items.map(d=>d.id);
			if(!ids.length)process.exit(1);console.log(ids.join(","))})') ||
		die "rep1 has no open deal in $label"
	deal=${ids%%,*}
	if [ ! -s "$work/www/deal.json" ]; then
		curl -fsS -H "Authorization: Bearer $token" "$url1/api/v1/deals/$deal" \
			>"$work/www/deal.json"
	fi
	export BENCH_DEAL_IDS=$ids BENCH_DUE=$due

	wrk_run "$work/r" "" "$url1/api/v1/deals/$deal"
	row "$label" 1 "GET /api/v1/deals/{id}" "$work/r" "$(mem "$pid1")"
	wrk_run "$work/r" "" "$url1/api/v1/agenda"
	row "$label" 1 "GET /api/v1/agenda" "$work/r" "$(mem "$pid1")"
	wrk_run "$work/r" bench/api-post-interaction.lua "$url1"
	row "$label" 1 "POST /api/v1/interactions" "$work/r" "$(mem "$pid1")"

	if [ "$label" = PostgreSQL ]; then
		start_serve "$db" "$label-2"
		pid2=$serve_pid url2=$serve_url
		wrk_run "$work/r" "" "$url1/api/v1/deals/$deal" "$url2/api/v1/deals/$deal"
		row "$label" 2 "GET /api/v1/deals/{id}" "$work/r" "$(mem "$pid1") + $(mem "$pid2")"
		wrk_run "$work/r" "" "$url1/api/v1/agenda" "$url2/api/v1/agenda"
		row "$label" 2 "GET /api/v1/agenda" "$work/r" "$(mem "$pid1") + $(mem "$pid2")"
		wrk_run "$work/r" bench/api-post-interaction.lua "$url1" "$url2"
		row "$label" 2 "POST /api/v1/interactions" "$work/r" "$(mem "$pid1") + $(mem "$pid2")"
		stop_pid "$pid2"
	fi
	stop_pid "$pid1"
}

# --- runs ---------------------------------------------------------------------

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $conns connections in all, ${secs}s per run; $dbthreads database connections per node; $deals demo deals; as rep1@demo.test"
echo
echo "| backend | nodes | request | req/s | p50 ms | p99 ms | vs nginx | RSS/peak MiB | errors |"
echo "|---|---|---|---|---|---|---|---|---|"

# The deal's JSON comes first (nginx serves a file of its size), so the
# SQLite rows are printed after nginx's.
sqlite_rows=$(bench_backend SQLite "$sqlite")

nginx_start "$work/www" || die "nginx did not start"
npid=$nginx_pid nport=$nginx_port
pids+=("$npid")
token=none
wrk_run "$work/r" "" "http://127.0.0.1:$nport/deal.json"
nmem=$(for p in $(pgrep -P "$npid") "$npid"; do cat "/proc/$p/status"; done |
	awk '/^VmRSS/ {r += $2} /^VmHWM/ {h += $2} END {printf "%.1f/%.1f", r / 1024, h / 1024}')
row nginx "$(($(pgrep -P "$npid" | wc -l)))w" "GET /deal.json ($(stat -c %s "$work/www/deal.json") B)" "$work/r" "$nmem"
ref_rps=$(cut -d' ' -f1 "$work/r")
stop_pid "$npid"

# ratios for the SQLite rows, now that nginx's rate is known
echo "$sqlite_rows" | awk -F' [|] ' -v ref="$ref_rps" 'BEGIN {OFS = " | "}
	{ $7 = sprintf("%.2f", $4 / ref); print }'
bench_backend PostgreSQL "$pgurl"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
