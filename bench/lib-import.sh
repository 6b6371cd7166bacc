# Shared by import.sh, import-floor.sh and import-floor-deals.sh (sourced,
# not run): the generated files they import and the best CPU time of a
# command.

# fulcrum_bin BUILD_DIR: the binary in a build directory, relative to the
# repository or absolute
fulcrum_bin() {
	case $1 in
	/*) echo "$1/fulcrum" ;;
	*) echo "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/$1/fulcrum" ;;
	esac
}

# init_db DB: a new database with the organisation the imports go into
init_db() {
	"$BIN" --db "$1" --quiet init --org Bench --admin-email admin@bench.test \
		--admin-name Admin
}

# floor_begin KIND N: a floor script's working folder (removed at exit,
# made current), its N generated rows in in.csv, its new database init.db,
# and $now, the time its rows are written at
floor_begin() {
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/fulcrum-bench-floor.XXXXXX")
	trap 'rm -rf "$DIR"' EXIT INT TERM
	cd "$DIR"
	"$1_csv" "$2" > in.csv
	init_db init.db
	now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
}

# floor_row LABEL CPU: one line of a floor's table, CPU beside $bare's
floor_row() {
	printf '%-52s %7.3f s CPU  %6.1f×\n' "$1" "$2" "$(echo "$2 / $bare" | bc -l)"
}

# contacts_csv N: N contacts, a CSV on stdout
contacts_csv() {
	awk -v n="$1" 'BEGIN {
		print "name,email,phone,title";
		for (i = 1; i <= n; i++)
			printf "Person %d,person%d@bench.test,+1 555 %07d,Buyer\n", i, i, i;
	}'
}

# deals_csv N: N deals, a third each open, won and lost; one account per 25
# deals (made by the import the first time it is named), each deal its own
# contact; a CSV on stdout
deals_csv() {
	awk -v n="$1" 'BEGIN {
		print "title,account,contact,value,currency,status,close_date,created,owner";
		split("open won lost", st, " ");
		for (i = 1; i <= n; i++) {
			s = st[(i % 3) + 1]; a = int(i / 25);
			printf "Deal %d,Account %d,buyer%d@acct%d.test,%d.00,USD,%s,%s,2025-01-%02d,admin@bench.test\n",
				i, a, i, a, 1000 + i % 90000, s, (s == "open" ? "" : "2025-06-15"), i % 28 + 1;
		}
	}'
}

# best_cpu CMD [ARG...]: the best CPU seconds (user + system) of three runs
# of CMD, each on x.db copied from init.db in the current directory
best_cpu() {
	local best= t u s i
	TIMEFORMAT='%3U %3S'
	for i in 1 2 3; do
		cp init.db x.db
		t=$({ time "$@" >/dev/null; } 2>&1)
		read -r u s <<< "$t"
		t=$(echo "$u + $s" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t
		fi
	done
	echo "$best"
}
