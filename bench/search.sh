#!/usr/bin/env bash
# Times the search (docs/search.md) on a SQLite database of N deals (default
# 1,000,000): GET /api/v1/search on a running server (curl's total time,
# loopback, bearer token, the figure of the goal: ≤ 50 ms; and the server's
# CPU time per answer), and the whole `fulcrum --json search` process
# beside `fulcrum --version` (start-up), as the admin (everything) and as a
# rep (every row filtered by what they may see); medians of BENCH_RUNS
# runs. The database is made once by bench/gen-reports-db.sh (a `fulcrum
# demo` base copied with shifted ids, the index rebuilt after the copy;
# BENCH_BASE_DB names a base to copy instead) and kept for later runs;
# BENCH_DB names another one. Writes the bench:search section of
# docs/benchmarks.md unless BENCH_NO_DOC=1; prints the table either way.
# Usage: bench/search.sh [BUILD_DIR] [N]       env: BENCH_SEARCH (N),
#        BENCH_RUNS (default 21), BENCH_DB, BENCH_BASE_DB
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
n=${2:-${BENCH_SEARCH:-1000000}}
case $build in
/*) bin=$build/fulcrum ;;
*) bin=$PWD/$build/fulcrum ;;
esac
db=${BENCH_DB:-/tmp/fulcrum-bench-search-$n.db}
runs=${BENCH_RUNS:-21}
now=${FULCRUM_NOW:-2026-03-02T12:00:00Z}

die() { echo "search.sh: $*" >&2; exit 2; }
[ -x "$bin" ] || die "no binary '$bin' (build first: ninja -C $build)"
[ -x /usr/bin/time ] || die "needs GNU time (apt-get install time)"
for tool in curl sqlite3; do
	command -v "$tool" >/dev/null || die "needs $tool (apt-get install $tool)"
done
case $n$runs in *[!0-9]*) die "N and BENCH_RUNS must be whole numbers" ;; esac

work=$(mktemp -d /tmp/fulcrum-bench-search.XXXXXX)
serve_pid=""
cleanup() {
	[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -s "$db" ]; then
	echo "making $db with $n deals (once)" >&2
	base=$(( n < 2000 ? n : 2000 ))
	FULCRUM_NOW=$now bench/gen-reports-db.sh "$build" "$db" "$base" \
		$(( (n + base - 1) / base ))
fi
export FULCRUM_NOW="$now"
# an older database gains the index here (migration 025 back-fills it)
"$bin" --db "$db" --quiet migrate >/dev/null

deals=$(sqlite3 "$db" 'SELECT COUNT(*) FROM deals')
indexed=$(sqlite3 "$db" 'SELECT COUNT(*) FROM search_fts')
rep=$(sqlite3 "$db" "SELECT email FROM users WHERE role = 'rep' ORDER BY id LIMIT 1")
# the searches: one account's whole name (a few records, every word
# required), a surname many contacts share, and a prefix of a word in the
# titles of a large share of all deals (the worst case: every match ranked)
account=$(sqlite3 "$db" "SELECT name FROM accounts ORDER BY id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM accounts)")
surname=$(sqlite3 "$db" "SELECT substr(name, instr(name, ' ') + 1) FROM contacts ORDER BY id LIMIT 1")
word=$(sqlite3 "$db" "SELECT lower(substr(title, 1, 3)) FROM deals ORDER BY id LIMIT 1")
matches() { sqlite3 "$db" "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '$1'"; }
# finished words whole, the last one (still being typed) a prefix, as the
# search reads them (core/search-words.h)
m_account=$(matches "$(echo "$account" | sed 's/\([^ ]*\)/"\1"/g; s/"$/"*/')")
m_surname=$(matches "\"$surname\"*")
m_word=$(matches "\"$word\"*")

median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

# CPU and wall ms, medians of RUNS whole processes of "$@"
measure() {
	local i=0 times=$work/times
	: >"$times"
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%U %S %e' -a -o "$times" "$@" >/dev/null
		i=$((i + 1))
	done
	echo "$(awk '{printf "%d\n", ($1 + $2) * 1000}' "$times" | median)" \
	     "$(awk '{printf "%d\n", $3 * 1000}' "$times" | median)"
}

# the server, and a token for the admin and for the rep
admin=$(sqlite3 "$db" "SELECT email FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")
tok_admin=$("$bin" --db "$db" --as "$admin" token add --name bench-search)
tok_rep=$("$bin" --db "$db" --as "$rep" token add --name bench-search)
"$bin" --db "$db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 600); do
	url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.out")
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "${url:-}" ] || die "the server did not start: $(cat "$work/serve.out")"

# The server's CPU time so far, in clock ticks (user + system)
server_ticks() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
ticks_per_s=$(getconf CLK_TCK)

# "WALL / CPU" ms of GET /api/v1/search?q=TEXT with TOKEN: the median of
# RUNS answers' wall time, after one to warm the page cache as a running
# server has it, and the server's CPU time over the RUNS answers, each's
# share (on a busy machine the wall time waits for a core; the CPU time
# does not)
api_ms() {
	local q i=0 times=$work/api t0 t1
	q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$2")
	: >"$times"
	curl -fsS -o /dev/null -H "Authorization: Bearer $1" "$url/api/v1/search?q=$q"
	t0=$(server_ticks)
	while [ "$i" -lt "$runs" ]; do
		curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $1" \
			"$url/api/v1/search?q=$q" >>"$times"
		i=$((i + 1))
	done
	t1=$(server_ticks)
	echo "$(awk '{printf "%.1f\n", $1 * 1000}' "$times" | sort -n |
		sed -n "$(( (runs + 1) / 2 ))p") / $(awk -v d=$((t1 - t0)) \
		-v r="$runs" -v hz="$ticks_per_s" 'BEGIN {printf "%.1f", d * 1000 / hz / r}')"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
table=$work/table
{
	printf '| search | matches in the index | API admin wall / CPU (ms) | API %s wall / CPU (ms) | process admin CPU / wall (ms) | process rep CPU / wall (ms) |\n' "$rep"
	printf '|---|---:|---:|---:|---:|---:|\n'
	set -- $(measure "$bin" --version)
	printf '| `--version` (start-up, the reference) | | | | %s / %s | |\n' "$1" "$2"
	for spec in "account:$account:$m_account" "surname:$surname:$m_surname" \
		    "prefix:$word:$m_word"; do
		IFS=: read -r what text count <<<"$spec"
		a_api=$(api_ms "$tok_admin" "$text")
		r_api=$(api_ms "$tok_rep" "$text")
		set -- $(measure "$bin" --db "$db" --json search "$text")
		a_cpu=$1 a_wall=$2
		set -- $(measure "$bin" --db "$db" --as "$rep" --json search "$text")
		printf '| %s "%s" | %s | %s | %s | %s / %s | %s / %s |\n' "$what" \
			"$text" "$count" "$a_api" "$r_api" "$a_cpu" "$a_wall" "$1" "$2"
	done
} >"$table"
cat "$table"

[ "${BENCH_NO_DOC:-}" = 1 ] && exit 0
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
section=$(cat <<MD
## Search

Method: \`bench/search.sh $build $n\` on a SQLite file of $deals deals
($indexed records in the search index) made by \`bench/gen-reports-db.sh\`
(a \`fulcrum demo\` base of 2,000 deals copied with shifted ids; the
search index rebuilt once after the copy). Three searches with the
default 10 results per kind over all six kinds: one account's whole name
(every word required, a few records), a surname many contacts share, and
a three-letter prefix of a word in a large share of all deal titles (the
worst case: of each kind the visible among the newest 1,000 matches in
the index are ranked). "API" is \`GET /api/v1/search\` on loopback with a
bearer token, once warm: curl's total time (wall, the median of $runs)
and the server's CPU time per answer (user + system over the $runs
answers, from /proc); "process" is the whole \`fulcrum --json search\`
(start, open, search, print), CPU and wall medians of $runs, beside
\`--version\`. The rep's answers pass every row through the visibility
rules (own, team, shared). The machine is shared with other work: a wall
time includes waiting for a core, the CPU time does not.

Machine: $cpu, $(nproc) cores (shared), load average $load_before before and $(cut -d' ' -f1-3 /proc/loadavg) at the end; SQLite $(sqlite3 --version | cut -d' ' -f1); $(date -u +%Y-%m-%d).

$(cat "$table")
MD
)
python3 - docs/benchmarks.md "$section" <<'PY'
import re, sys
doc, section = sys.argv[1], sys.argv[2]
begin, end = "<!-- bench:search:begin -->", "<!-- bench:search:end -->"
text = open(doc).read()
block = begin + "\n" + section + "\n" + end
if begin in text:
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(doc, "w").write(text)
PY
echo "search.sh: results written to docs/benchmarks.md" >&2
