/* The HTTP server behind `fulcrum serve`: a libmicrohttpd daemon with one
 * thread per connection, a pool of database connections shared by the
 * requests, connection limits, and a graceful stop (stop accepting, let the
 * requests in flight finish). Read next: http/http.h (the request pipeline
 * as routes see it). */
#ifndef FC_HTTP_SERVER_H
#define FC_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct http_options {
	const char *listen_addr;	/* IPv4 or IPv6 literal; "127.0.0.1" */
	unsigned port;			/* 0: pick a free port */
	int threads;			/* database connections; default 8 */
	int secure_cookies;		/* behind TLS: cookies get Secure */
	size_t body_max;		/* request body cap; default 1 MiB */
	unsigned connection_limit;	/* default 256 */
	unsigned per_ip_limit;		/* per peer address; default 64 */
	unsigned timeout_s;		/* idle connection timeout; default 30 */
	unsigned header_timeout_s;	/* to receive headers; default 10 */
	unsigned body_timeout_s;	/* to receive a body; default 30 */
	/* "ADDR" and port of a second listener that serves /metrics
	 * without authentication; NULL: none. */
	const char *metrics_addr;
	unsigned metrics_port;
	int quiet;			/* no access log */
	/* Comma-separated addresses of load balancers whose X-Forwarded-For
	 * names the client (login limits count per client address); NULL:
	 * the TCP peer is the client. */
	const char *trusted_proxies;
};

#define HTTP_BODY_MAX_DEFAULT ((size_t)1 << 20)
#define HTTP_CONNECTIONS_DEFAULT 256
#define HTTP_PER_ADDRESS_DEFAULT 64
#define HTTP_HEADER_TIMEOUT_DEFAULT 10
#define HTTP_BODY_TIMEOUT_DEFAULT 30

struct http_server;

/* Opens the database pool for DB_URL and starts listening. */
int http_server_start(const struct http_options *o, const char *db_url,
		      struct http_server **out, struct fc_error *err);
/* The port actually bound (useful with port 0), and the metrics
 * listener's (0 when there is none). */
unsigned http_server_port(const struct http_server *s);
unsigned http_server_metrics_port(const struct http_server *s);
/* Stops accepting: new connections are refused and a new request on an
 * open one gets 503 and the connection closed. Waits up to GRACE_MS for
 * the requests in flight to be answered, then closes everything and
 * frees S. */
void http_server_stop(struct http_server *s, int grace_ms);

#endif
