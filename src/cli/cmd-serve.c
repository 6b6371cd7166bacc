/* `fulcrum serve`: runs the HTTP API and the web UI until SIGTERM or
 * SIGINT, then stops accepting, lets requests in flight finish and exits 0.
 * Prints "listening on http://ADDR:PORT" once ready (port 0 picks a free
 * port, so scripts read it from there). Read next: http/server.h. */
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

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "listen", 1 }, { "threads", 1 }, { "secure-cookies", 0 },
		{ "body-max", 1 }, { "trusted-proxy", 1 }, { NULL, 0 },
	};
	struct http_options o;
	struct http_server *srv = NULL;
	struct fc_error err = { 0 };
	struct opts op;
	char addr[128];
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
	if (strchr(addr, ':'))
		printf("listening on http://[%s]:%u\n", addr,
		       http_server_port(srv));
	else
		printf("listening on http://%s:%u\n", addr,
		       http_server_port(srv));
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	if (!cli->quiet)
		fprintf(stderr, "fulcrum: %s: finishing requests in flight\n",
			sig == SIGINT ? "interrupted" : "terminated");
	http_server_stop(srv, GRACE_MS);
	return EXIT_OK;
}
