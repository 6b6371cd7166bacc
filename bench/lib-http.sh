# Shell helpers shared by the HTTP benchmarks (bench/run.sh, bench/api.sh):
# a free loopback port, nginx as the static reference, wrk's figures read
# back. Sourced, not run; the caller sets $work (its temporary folder).

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local port
	while :; do
		port=$(( (RANDOM * 32768 + RANDOM) % 20000 + 30000 ))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
	done
}

# mem PID: "VmRSS/VmHWM" in MiB.
mem() {
	awk '/^VmRSS/ {r = $2} /^VmHWM/ {h = $2}
	     END {printf "%.1f/%.1f", r / 1024, h / 1024}' "/proc/$1/status"
}

# cpu_ticks PID...: user + system clock ticks the processes have used.
cpu_ticks() {
	local p t=0
	for p in "$@"; do
		t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}

# Converts wrk's "1.23ms", "850.00us", "1.01s" to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
		printf "%.2f", n }'
}

# wrk_figures FILE: "rps p50 p99 bad" from one wrk --latency output, where
# bad counts non-2xx/3xx answers, socket errors and timeouts.
wrk_figures() {
	local f=$1
	grep -q 'Requests/sec' "$f" || { echo "wrk printed no rate: $(cat "$f")" >&2; return 1; }
	printf '%s %s %s %s\n' \
		"$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$f")" \
		"$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")" \
		"$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")" \
		"$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {
			for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i + 0 }
			END {print n + 0}' "$f")"
}

# nginx_start ROOT: serves the files of ROOT on a free port with a
# configuration of its own under $work (no root, no system config); sets
# $nginx_pid and $nginx_port.
nginx_start() {
	local root=$1 i
	nginx_port=$(free_port)
	mkdir -p "$work/nginx-tmp"
	cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/nginx-tmp;
	proxy_temp_path $work/nginx-tmp;
	fastcgi_temp_path $work/nginx-tmp;
	uwsgi_temp_path $work/nginx-tmp;
	scgi_temp_path $work/nginx-tmp;
	server {
		listen 127.0.0.1:$nginx_port;
		root $root;
		default_type application/json;
	}
}
EOF
	nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' 2>"$work/nginx.start" &
	nginx_pid=$!
	for i in $(seq 1 100); do
		curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/" 2>/dev/null && return 0
		curl -sS -o /dev/null "http://127.0.0.1:$nginx_port/" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "nginx did not start: $(cat "$work/nginx.start" "$work/nginx.err" 2>/dev/null)" >&2
	return 1
}
