#!/usr/bin/env bash
# Every benchmark of the performance goals side by side in one run, each
# beside its reference measured in the same run, printed as one table of
# ratios with the goals: the HTTP API against nginx serving a static file of
# the deal's JSON size (wrk on loopback, bearer token, a SQLite demo),
# imports against the sqlite3 shell's `.import` (bench/import.sh), demo
# generation and one rep's agenda (bench/gen-and-agenda.sh), the two
# slowest reports (bench/reports.sh) and the search (bench/search.sh). Writes the table into
# docs/benchmarks.md (section bench:run) unless BENCH_NO_DOC=1.
# Usage: bench/run.sh [BUILD_DIR]            (default build)
# Environment (defaults finish in minutes; the issue's sizes in brackets):
#   BENCH_SECONDS   wrk seconds per request (8)
#   BENCH_DEALS     demo size behind the API (2000)
#   BENCH_API_DB    a SQLite demo made earlier to copy instead of making one
#                   (its size then replaces BENCH_DEALS)
#   BENCH_THREADS   the server's database connections (--threads; default
#                   the server's own)
#   BENCH_CONTACTS  contacts imported (20000) [200000]
#   BENCH_GEN       deals of the generated demo (30000) [1000000]
#   BENCH_REPORTS   deals of the reports database (20000) [1000000]
#   BENCH_SEARCH    deals of the search database (20000) [1000000]
#   BENCH_SKIP      parts to leave out: any of "api import gen reports
#                   search"
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
case $build in
/*) bin=$build/fulcrum ;;
*) bin=$PWD/$build/fulcrum ;;
esac
secs=${BENCH_SECONDS:-8}
deals=${BENCH_DEALS:-2000}
contacts=${BENCH_CONTACTS:-20000}
gen=${BENCH_GEN:-30000}
reports=${BENCH_REPORTS:-20000}
search=${BENCH_SEARCH:-20000}
skip=" ${BENCH_SKIP:-} "

die() { echo "run.sh: $*" >&2; exit 2; }
wants() { case $skip in *" $1 "*) return 1 ;; esac; return 0; }

[ -x "$bin" ] || die "no binary '$bin' (build first: ninja -C $build)"
case $secs$deals$contacts$gen$reports$search${BENCH_THREADS:-} in
*[!0-9]*) die "BENCH_* sizes must be whole numbers" ;;
esac

# the tools, from Debian's packages when missing (needs root)
missing=""
for tool in wrk nginx hyperfine curl sqlite3 bc python3 node; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
	pkgs=$(echo "$missing" | sed 's/\bnode\b/nodejs/')
	[ "$(id -u)" = 0 ] || die "missing:$missing (apt-get install$pkgs)"
	echo "installing$pkgs" >&2
	apt-get update -qq >&2 && apt-get install -y -qq $pkgs >&2 ||
		die "could not install$pkgs"
fi

work=$(mktemp -d /tmp/fulcrum-bench-run.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

. bench/lib-http.sh

rows=()
failed=0
# add WHAT FULCRUM REFERENCE RATIO GOAL OK [NOTE]: one row of the table;
# OK is 1 when the goal is met, 0 when not, "err" when the run failed.
add() {
	local verdict
	case $6 in
	1) verdict=met ;;
	0) verdict="not met" ;;
	*) verdict="FAILED"; failed=1 ;;
	esac
	rows+=("| $1 | $2 | $3 | $4 | $5 | $verdict |${7:+ $7 |}")
}
# ge A B / le A B: 1 when A >= B (A <= B), else 0
ge() { awk -v a="$1" -v b="$2" 'BEGIN {print (a + 0 >= b + 0) ? 1 : 0}'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {print (a + 0 <= b + 0) ? 1 : 0}'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.3f}" 'BEGIN {printf f, b ? a / b : 0}'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

# --- the HTTP API against nginx ----------------------------------------------

api() {
	local db=$work/api.db token url ids deal due t0 t1 n
	if [ -n "${BENCH_API_DB:-}" ]; then
		# a demo made earlier (by the same binary's schema), copied so
		# that runs compared with each other start from the same data
		echo "api: a copy of $BENCH_API_DB" >&2
		sqlite3 "$BENCH_API_DB" ".backup '$db'"
	else
		echo "api: a demo of $deals deals" >&2
		"$bin" --db "$db" --quiet demo --seed 1 --deals "$deals" >/dev/null
	fi
	token=$("$bin" --db "$db" --as rep1@demo.test token add --name bench)
	"$bin" --db "$db" serve --listen 127.0.0.1:0 --quiet \
		${BENCH_THREADS:+--threads "$BENCH_THREADS"} \
		>"$work/serve.out" 2>"$work/serve.err" &
	serve_pid=$!
	pids+=("$serve_pid")
	url=""
	for _ in $(seq 1 200); do
		url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.out")
		[ -n "$url" ] && break
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.05
	done
	[ -n "$url" ] || die "the server did not start: $(cat "$work/serve.err")"
	ids=$(curl -fsS -H "Authorization: Bearer $token" \
		"$url/api/v1/deals?status=open&limit=100" |
		node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
			const ids=JSON.parse(s).items.map(d=>d.id);
			if(!ids.length)process.exit(1);console.log(ids.join(","))})') ||
		die "rep1 has no open deal"
	deal=${ids%%,*}
	mkdir -p "$work/www"
	curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/deals/$deal" \
		>"$work/www/deal.json"
	nginx_start "$work/www" || die "nginx did not start"
	pids+=("$nginx_pid")
	idle_mem=$(mem "$serve_pid")
	due=$(date -u -d '+7 days' +%F)
	export BENCH_DEAL_IDS=$ids BENCH_DUE=$due BENCH_OFFSET=0

	# run NAME CONNS AUTH SCRIPT URL: wrk, its figures in $work/NAME, and
	# the server's CPU milliseconds per request
	run() {
		local name=$1 c=$2 auth=$3 script=$4 u=$5 args
		args=(-t 2 -c "$c" -d "${secs}s" --latency --timeout 10s)
		[ "$auth" = token ] && args+=(-H "Authorization: Bearer $token")
		[ -n "$script" ] && args+=(-s "$script")
		t0=$(cpu_ticks "$serve_pid")
		wrk "${args[@]}" "$u" >"$work/$name.wrk" 2>&1 || die "wrk failed: $(cat "$work/$name.wrk")"
		t1=$(cpu_ticks "$serve_pid")
		wrk_figures "$work/$name.wrk" >"$work/$name" || die "wrk failed for $name"
		n=$(awk '/requests in/ {print $1}' "$work/$name.wrk")
		echo "$(div $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) )) "$n" %.3f)" >"$work/$name.cpu"
	}
	# the reference on each side of the Fulcrum runs: the machine is shared
	run nginx 16 none "" "http://127.0.0.1:$nginx_port/deal.json"
	run get 16 token "" "$url/api/v1/deals/$deal"
	# at 64 connections the same deal as at 16, before the POSTs log
	# calls on it (fifty interactions make its answer four times longer)
	run get64 64 token "" "$url/api/v1/deals/$deal"
	run list 16 token "" "$url/api/v1/deals?limit=50"
	# the agenda of the demo as made, before the POSTs: after them it is
	# the agenda of a rep with thousands more calls and next steps, as
	# many as the POST row managed, so its figure moved with that row's
	run agenda 16 token "" "$url/api/v1/agenda"
	run post 16 token bench/api-post-interaction.lua "$url"
	run nginx2 16 none "" "http://127.0.0.1:$nginx_port/deal.json"
	run nginx64 64 none "" "http://127.0.0.1:$nginx_port/deal.json"
	busy_mem=$(mem "$serve_pid")

	local nrps nrps2 ref
	read -r nrps _ _ nbad <"$work/nginx"
	read -r nrps2 _ _ nbad2 <"$work/nginx2"
	ref=$(( (nrps + nrps2) / 2 ))
	api_ref="nginx $(stat -c %s "$work/www/deal.json") B static file: $nrps and $nrps2 req/s before and after (mean $ref)"
	[ $((nbad + nbad2)) -eq 0 ] || api_ref="$api_ref, with $((nbad + nbad2)) errors"
	local name what goal rps p50 p99 bad ratio ok
	for spec in "get:GET /api/v1/deals/{id}:0.5" "list:GET /api/v1/deals?limit=50:0.2" \
		    "post:POST /api/v1/interactions (call + next step):0.1" \
		    "agenda:GET /api/v1/agenda:0.05"; do
		IFS=: read -r name what goal <<<"$spec"
		read -r rps p50 p99 bad <"$work/$name"
		ratio=$(div "$rps" "$ref")
		ok=$(ge "$ratio" "$goal")
		[ "$bad" -eq 0 ] || ok=err
		add "$what" "$rps req/s, p99 $p99 ms, $(cat "$work/$name.cpu") ms CPU/req" \
			"$ref req/s" "$ratio" "≥ $goal" "$ok" "errors: $bad"
	done
	read -r rps p50 p99 bad <"$work/get64"
	read -r _ _ np99 _ <"$work/nginx64"
	ok=$(le "$p99" 5)
	[ "$bad" -eq 0 ] || ok=err
	add "p99 of GET deal at 64 connections" "$p99 ms ($rps req/s, $(cat "$work/get64.cpu") ms CPU/req)" \
		"nginx p99 $np99 ms" "" "≤ 5 ms" "$ok" "errors: $bad"
	api_mem="server memory: $idle_mem MiB idle (VmRSS/VmHWM), $busy_mem MiB after the runs (goals: ≤ 30 MiB idle, ≤ 100 MiB under load)"
	kill "$nginx_pid" "$serve_pid" 2>/dev/null || true
	wait "$nginx_pid" "$serve_pid" 2>/dev/null || true
}

# --- imports against the sqlite3 shell ---------------------------------------

import() {
	local out f s
	echo "import: $contacts contacts" >&2
	out=$(bench/import.sh "$contacts" "$build") || { add "import $contacts contacts" "failed" "" "" "≤ 1.5×" err; return; }
	f=$(echo "$out" | sed -n 's/^fulcrum import contacts: \([0-9.]*\) s.*/\1/p')
	s=$(echo "$out" | sed -n 's/^sqlite3 .import: *\([0-9.]*\) s.*/\1/p')
	add "import $contacts contacts" "$f s" "sqlite3 .import $s s" "$(div "$f" "$s" %.1f)×" \
		"≤ 1.5×" "$(le "$(div "$f" "$s")" 1.5)"
}

# --- demo generation and one rep's agenda ------------------------------------

generate() {
	local dir=$work/gen wall user sys rss goal agenda version beyond
	echo "gen: a demo of $gen deals and rep1's agenda" >&2
	mkdir -p "$dir"
	# the script writes its own section of the doc: keep the doc as it was
	cp docs/benchmarks.md "$work/benchmarks.md"
	if ! FULCRUM_BIN=$bin BENCH_DIR=$dir bench/gen-and-agenda.sh "$gen" >"$dir/out" 2>&1; then
		cp "$work/benchmarks.md" docs/benchmarks.md
		add "demo --deals $gen" "failed: $(tail -1 "$dir/out")" "" "" "" err
		return
	fi
	cp "$work/benchmarks.md" docs/benchmarks.md
	read -r wall user sys rss <"$dir/gen-time.txt"
	# 1M deals in 5 minutes, 200,000 in 2: the goal at this size, linearly
	# from the nearer of the two
	goal=$(awk -v n="$gen" 'BEGIN {printf "%.0f", n <= 200000 ? n * 120 / 200000 : n * 300 / 1000000}')
	add "demo --deals $gen" "$wall s wall, $(echo "$user + $sys" | bc) s CPU" "" \
		"" "≤ $goal s" "$(le "$wall" "$goal")"
	agenda=$(python3 -c "import json; print('%.1f' % (json.load(open('$dir/agenda.json'))['results'][0]['mean'] * 1000))")
	version=$(python3 -c "import json; print('%.1f' % (json.load(open('$dir/agenda.json'))['results'][2]['mean'] * 1000))")
	beyond=$(awk -v a="$agenda" -v v="$version" 'BEGIN {printf "%.1f", a - v}')
	add "one rep's agenda at $gen deals (whole process)" "$agenda ms" \
		"--version $version ms" "+$beyond ms" "≤ +5 ms" "$(le "$beyond" 5)"
}

# --- the slowest reports ------------------------------------------------------

report_rows() {
	local db=$work/reports.db out line cpu wall what
	echo "reports: $reports deals" >&2
	if ! out=$(BENCH_DB=$db BENCH_RUNS=3 bench/reports.sh "$build" "$reports" 2>&1); then
		add "reports at $reports deals" "failed" "" "" "≤ 100 ms" err
		return
	fi
	for what in followup "forecast --backtest"; do
		line=$(echo "$out" | grep -m1 "^| $what") || continue
		cpu=$(echo "$line" | awk -F'|' '{gsub(/ /, "", $3); print $3}')
		wall=$(echo "$line" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
		add "report $what at $reports deals (admin, one year)" \
			"$wall ms wall, $cpu ms CPU" "" "" "≤ 100 ms" "$(le "$wall" 100)"
	done
}

# --- search -------------------------------------------------------------------

search_rows() {
	local db=$work/search.db out line what admin rep
	echo "search: $search deals" >&2
	if ! out=$(BENCH_DB=$db BENCH_RUNS=5 BENCH_NO_DOC=1 bench/search.sh "$build" "$search" 2>&1); then
		add "search at $search deals" "failed: $(echo "$out" | tail -1)" "" "" "≤ 50 ms" err
		return
	fi
	for what in account surname prefix; do
		line=$(echo "$out" | grep -m1 "^| $what ") || continue
		admin=$(echo "$line" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
		rep=$(echo "$line" | awk -F'|' '{gsub(/ /, "", $5); print $5}')
		add "GET /api/v1/search, $what, at $search deals" "admin $admin ms, rep $rep ms" \
			"" "" "≤ 50 ms" "$(le "$(awk -v a="$admin" -v r="$rep" 'BEGIN {print (a + 0 > r + 0) ? a : r}')" 50)"
	done
}

wants api && api
wants import && import
wants gen && generate
wants reports && report_rows
wants search && search_rows

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
table=$(cat <<MD
Run of \`bench/run.sh\` started $started: $cpu, $(nproc) cores,
$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM; SQLite $(sqlite3 --version | cut -d' ' -f1);
load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after.
API: wrk -t2 -c16 (p99 row: -c64), ${secs} s per request, a $deals-deal demo,
as rep1@demo.test with a bearer token. ${api_ref:-}.
${api_mem:-}.

| what | Fulcrum | reference | ratio | goal | verdict | note |
|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")
MD
)
echo
echo "$table"
if [ "${BENCH_NO_DOC:-0}" != 1 ]; then
	python3 - docs/benchmarks.md "$table" <<'PY'
import sys, re
doc, table = sys.argv[1], sys.argv[2]
begin, end = "<!-- bench:run:begin -->", "<!-- bench:run:end -->"
text = open(doc).read()
if begin not in text:
    raise SystemExit("run.sh: docs/benchmarks.md has no bench:run section")
mark = "<!-- bench:run:table -->"
def put(m):
    body = m.group(0)
    return re.sub(re.escape(mark) + ".*?" + re.escape(mark),
                  lambda _: mark + "\n" + table + "\n" + mark, body, flags=re.S)
text = re.sub(re.escape(begin) + ".*?" + re.escape(end), put, text, flags=re.S)
open(doc, "w").write(text)
PY
	echo "run.sh: the table is in docs/benchmarks.md (bench:run)" >&2
fi
exit "$failed"
