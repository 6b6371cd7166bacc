#!/bin/bash
# Throwaway PostgreSQL clusters for the test suites. `start DIR` creates and
# starts one in DIR on 127.0.0.1 (trust auth, fsync off) and prints the URL of
# its database fulcrum_test; `createdb DIR NAME` adds a fresh database and
# prints its URL; `stop DIR` stops it (DIR is left for the caller to remove).
# Run as root, the server runs as the `postgres` OS user, which owns DIR.
set -eu

die() { echo "pg-cluster: $*" >&2; exit 1; }

usage() {
	echo "usage: tests/pg-cluster.sh start DIR | stop DIR | createdb DIR NAME" >&2
	exit 2
}

find_bindir() {
	local d best=""
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n1)" = "$d" ]; then
			best=$d
		fi
	done
	[ -n "$best" ] || die "no PostgreSQL server found in '/usr/lib/postgresql/*/bin' (install the 'postgresql' package)"
	echo "$best"
}

# Runs a server command as the postgres user when we are root: the server
# refuses to run as root.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

url_for() {
	echo "postgres://postgres@127.0.0.1:$1/$2"
}

cluster_port() {
	[ -f "$1/port" ] || die "no cluster in '$1' (run 'tests/pg-cluster.sh start $1' first)"
	cat "$1/port"
}

cmd_start() {
	local dir=$1 bindir port attempt
	bindir=$(find_bindir)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ -e "$dir/data" ] && die "'$dir' already holds a cluster (stop it and remove the directory first)"
	if [ "$(id -u)" = 0 ]; then
		getent passwd postgres >/dev/null || die "no 'postgres' user to run the server as"
		chown postgres "$dir"
		runuser -u postgres -- test -w "$dir" ||
			die "the 'postgres' user cannot write to '$dir' (is a parent directory private?)"
	fi
	# Unix socket paths are limited to about 107 bytes.
	[ "${#dir}" -le 80 ] || die "directory path '$dir' is too long for a unix socket"

	as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
		-E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
		die "initdb failed in '$dir' (see '$dir/initdb.log')"

	# A port may be taken between the probe and the start: try a few.
	attempt=0
	while [ $((attempt += 1)) -le 8 ]; do
		port=$(( (RANDOM * 32768 + RANDOM) % 30000 + 20000 ))
		port_in_use "$port" && continue
		if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
			-o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >/dev/null 2>&1; then
			echo "$port" >"$dir/port"
			"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres fulcrum_test ||
				die "cannot create database 'fulcrum_test' on port $port"
			url_for "$port" fulcrum_test
			return 0
		fi
	done
	die "cannot start PostgreSQL in '$dir' (see '$dir/server.log')"
}

cmd_stop() {
	local dir=$1 bindir
	bindir=$(find_bindir)
	[ -d "$dir/data" ] || die "no cluster in '$dir'"
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
		die "cannot stop the cluster in '$dir' (see '$dir/server.log')"
	rm -f "$dir/port"
}

cmd_createdb() {
	local dir=$1 name=$2 bindir port
	bindir=$(find_bindir)
	case $name in
	''|*[!A-Za-z0-9_]*) die "bad database name '$name' (letters, digits and _ only)" ;;
	esac
	port=$(cluster_port "$dir")
	"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name" ||
		die "cannot create database '$name' on port $port"
	url_for "$port" "$name"
}

[ $# -ge 2 ] || usage
case $1 in
start) [ $# -eq 2 ] || usage; cmd_start "$2" ;;
stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
createdb) [ $# -eq 3 ] || usage; cmd_createdb "$2" "$3" ;;
*) usage ;;
esac
