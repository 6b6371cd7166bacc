/* Pieces of the server shared between its own files (server.c, static.c,
 * metrics.c, request.c) and not meant for routes. */
#ifndef FC_HTTP_INTERNAL_H
#define FC_HTTP_INTERNAL_H

#include <microhttpd.h>
#include <stdarg.h>
#include <stdint.h>

#include "http/http.h"
#include "util/buf.h"

/* request.c */
void req_arena_release(struct req *r);
/* If-Match for record ID of E, compared strongly (RFC 9110 §13.1.1): the
 * version the write must still find in *VERSION (0 when absent or "*").
 * A list matches when any member does; weak and foreign tags match
 * nothing, so FC_ESTALE (412) when no member names the version now, and
 * FC_EINVAL (400) only when the header is malformed. Only the pipeline
 * calls it, for ROUTE_IF_MATCH routes: handlers read r->if_version. */
#define REQ_IF_MATCH_MAX 16
/* Checks r->body against the row's body members (struct body_field):
 * unknown members, types, required ones. FC_EINVAL naming the member. */
int body_check(struct req *r, const struct body_field *fields);
int req_if_match(struct req *r, const struct entity *e, int64_t id,
		 int64_t *version);
/* An If-Match value taken apart: "*", or the versions of its strong tags
 * of ours ("N"; other tags count in ANY but name no version). */
struct if_match {
	int star;
	int any;			/* list members read */
	int ntags;
	int64_t tags[REQ_IF_MATCH_MAX];
};
/* Parses the header value P into M; FC_EINVAL (with ERR) when malformed. */
int if_match_parse(const char *p, struct if_match *m, struct fc_error *err);
/* The response of r->out_stream (which it takes), or NULL when libmicrohttpd
 * cannot make one (the stream is then done with). */
struct MHD_Response;
struct MHD_Response *resp_stream_response(struct req *r);

/* static.c: serves web_assets[] for a GET of PATH; 1 when it answered,
 * 0 when there is no such asset (and no index.html to fall back to). */
int static_serve(struct req *r, const char *path);

/* metrics.c. ROUTE_INDEX is the row in the route table, or one of: */
#define METRICS_STATIC (-1)
#define METRICS_UNMATCHED (-2)
void metrics_init(void);
void metrics_record(int route_index, int status, int64_t ns, int64_t db_ns,
		    int64_t db_wait_ns);
void metrics_render(struct buf *out);

/* sockaddr.c: ADDR (an IPv4 or IPv6 literal) and PORT as a socket address;
 * adds MHD_USE_IPv6 to *MHD_FLAGS for IPv6. FC_EUSAGE when malformed. */
struct sockaddr_storage;
int http_sockaddr(const char *addr, unsigned port, struct sockaddr_storage *ss,
		  unsigned *mhd_flags, struct fc_error *err);

/* metrics-listener.c: the unauthenticated /metrics listener; *BOUND gets
 * its port. NULL (and ERR) when it cannot listen. */
struct MHD_Daemon *metrics_listener_start(const char *addr, unsigned port,
					  unsigned *bound, struct fc_error *err);

/* server.c: whether ADDR is one of the comma-separated LIST. */
int http_addr_in_list(const char *list, const char *addr);

/* guard.c: limits on connections and on the time a request may take to
 * arrive (see the comment at the top of guard.c). */
struct guard_limits {
	unsigned per_address;	 /* open connections per peer address, and
				    requests in progress per forwarded client */
	unsigned incomplete_max; /* connections still receiving a request */
	int64_t header_ns;	 /* to receive a request's headers */
	int64_t body_ns;	 /* to receive its body */
	const char *trusted_proxies;
};
struct guard;
struct guard *guard_new(const struct guard_limits *lim);
/* After the daemon stopped. */
void guard_free(struct guard *g);
/* MHD_OPTION_NOTIFY_CONNECTION and MHD_OPTION_EXTERNAL_LOGGER. */
void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
void guard_mhd_log(void *cls, const char *fmt, va_list ap);
/* A request's headers arrived (CLIENT: the forwarded client when the peer
 * is a trusted proxy, else NULL). -1: that client has --max-per-address
 * requests in progress already. */
int guard_request_begin(struct guard *g, struct MHD_Connection *c,
			const char *client);
/* Its body arrived: it is handled now, with no deadline. */
void guard_request_ready(struct guard *g, struct MHD_Connection *c);
/* It was answered: the connection waits for the next request. */
void guard_request_end(struct guard *g, struct MHD_Connection *c);

#endif
