/* `fulcrum serve`: runs the HTTP API and the web UI until SIGTERM or
 * SIGINT, then stops accepting, lets requests in flight finish and exits 0.
 * Prints "listening on http://ADDR:PORT" once ready (port 0 picks a free
 * port, so scripts read it from there), after "metrics on URL" when
 * --metrics-listen is given. Read next: http/server.h. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "http/server.h"
#include "util/banned.h"

#define GRACE_MS 30000

/* "ADDR:PORT", "[V6ADDR]:PORT", ":PORT" or "PORT". */
static int parse_listen(const char *s, char *addr, size_t n, unsigned *port)
{
	const char *colon, *p;
	char *end;
	unsigned long v;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= n)
			return -1;
		snprintf(addr, n, "%.*s", (int)(close - s - 1), s + 1);
		p = close + 2;
	} else if ((colon = strrchr(s, ':'))) {
		if ((size_t)(colon - s) >= n)
			return -1;
		if (colon == s)
			snprintf(addr, n, "127.0.0.1");
		else
			snprintf(addr, n, "%.*s", (int)(colon - s), s);
		p = colon + 1;
	} else {
		snprintf(addr, n, "127.0.0.1");
		p = s;
	}
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || *end || v > 65535)
		return -1;
	*port = (unsigned)v;
	return 0;
}

/* Option NAME as a whole number from LO to HI into *OUT (DFLT when
 * absent). */
static int opt_range(struct cli *cli, const struct opts *op, const char *name,
		     int64_t dflt, int64_t lo, int64_t hi, unsigned *out)
{
	int64_t v;
	int rc = opt_int(cli, op, name, &v, dflt);
	if (rc)
		return rc;
	if (v < lo || v > hi)
		return cli_usage(cli, "serve", "'--%s' must be from %lld to %lld",
				 name, (long long)lo, (long long)hi);
	*out = (unsigned)v;
	return 0;
}

static void print_url(const char *what, const char *addr, unsigned port)
{
	if (strchr(addr, ':'))
		printf("%s on http://[%s]:%u\n", what, addr, port);
	else
		printf("%s on http://%s:%u\n", what, addr, port);
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "listen", 1 }, { "threads", 1 }, { "secure-cookies", 0 },
		{ "body-max", 1 }, { "trusted-proxy", 1 },
		{ "max-connections", 1 }, { "max-per-address", 1 },
		{ "header-timeout", 1 }, { "body-timeout", 1 },
		{ "metrics-listen", 1 }, { NULL, 0 },
	};
	struct http_options o;
	struct http_server *srv = NULL;
	struct fc_error err = { 0 };
	struct opts op;
	char addr[128], maddr[128];
	sigset_t set;
	int64_t threads, body_max;
	int rc, sig = 0;

	memset(&o, 0, sizeof(o));
	if ((rc = opts_parse(cli, argc, argv, 1, specs, &op)))
		return rc;
	if (op.npos)
		return cli_usage(cli, "serve", "unexpected argument '%s'",
				 op.pos[0]);
	if (parse_listen(opt_get(&op, "listen") ? opt_get(&op, "listen") :
			 "127.0.0.1:8080", addr, sizeof(addr), &o.port))
		return cli_usage(cli, "serve", "'--listen' must be ADDR:PORT, "
				 "not '%s'", opt_get(&op, "listen"));
	if ((rc = opt_int(cli, &op, "threads", &threads, 8)))
		return rc;
	if (threads < 1 || threads > 256)
		return cli_usage(cli, "serve", "'--threads' must be from 1 to 256");
	if ((rc = opt_int(cli, &op, "body-max", &body_max,
			  (int64_t)HTTP_BODY_MAX_DEFAULT)))
		return rc;
	if (body_max < 1024 || body_max > ((int64_t)64 << 20))
		return cli_usage(cli, "serve",
				 "'--body-max' must be from 1024 to 67108864");
	if ((rc = opt_range(cli, &op, "max-connections",
			    HTTP_CONNECTIONS_DEFAULT, 2, 4096,
			    &o.connection_limit)) ||
	    (rc = opt_range(cli, &op, "max-per-address",
			    HTTP_PER_ADDRESS_DEFAULT, 1, 4096, &o.per_ip_limit)) ||
	    (rc = opt_range(cli, &op, "header-timeout",
			    HTTP_HEADER_TIMEOUT_DEFAULT, 1, 3600,
			    &o.header_timeout_s)) ||
	    (rc = opt_range(cli, &op, "body-timeout", HTTP_BODY_TIMEOUT_DEFAULT,
			    1, 3600, &o.body_timeout_s)))
		return rc;
	if (opt_get(&op, "metrics-listen")) {
		if (parse_listen(opt_get(&op, "metrics-listen"), maddr,
				 sizeof(maddr), &o.metrics_port))
			return cli_usage(cli, "serve", "'--metrics-listen' must be "
					 "ADDR:PORT, not '%s'",
					 opt_get(&op, "metrics-listen"));
		o.metrics_addr = maddr;
	}
	o.listen_addr = addr;
	o.threads = (int)threads;
	o.body_max = (size_t)body_max;
	o.secure_cookies = opt_has(&op, "secure-cookies");
	o.trusted_proxies = opt_get(&op, "trusted-proxy");
	o.quiet = cli->quiet;

	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	rc = http_server_start(&o, cli->db_url, &srv, &err);
	if (rc)
		return cli_fail(cli, &err);
	/* The metrics line first: a script waiting for "listening on" has
	 * both by then. */
	if (o.metrics_addr)
		print_url("metrics", maddr, http_server_metrics_port(srv));
	print_url("listening", addr, http_server_port(srv));
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	if (!cli->quiet)
		fprintf(stderr, "fulcrum: %s: finishing requests in flight\n",
			sig == SIGINT ? "interrupted" : "terminated");
	http_server_stop(srv, GRACE_MS);
	return EXIT_OK;
}
