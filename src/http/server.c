/* The daemon and the fixed request pipeline every request goes through:
 * parse -> route -> authenticate -> authorize -> decode body -> If-Match
 * -> handler -> encode -> log; each step reads the route row's flags, so
 * a handler never has to remember one. libmicrohttpd runs one thread per
 * connection; a request takes a database connection from the pool only
 * while it is handled.
 * Read next: http/router.c (the route table), http/request.c (helpers),
 * http/guard.c (which connections get this far, and for how long). */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/auth.h"
#include "http/internal.h"
#include "http/server.h"
#include "store/pool.h"
#include "http/sweeper.h"
#include "http/mail-fetch-worker.h"
#include "http/webhook-worker.h"
#include "util/json-write.h"
#include "util/xmalloc.h"
#include "util/utf8.h"
#include "util/banned.h"

#define SESSION_COOKIE "fulcrum_session"
#define PATH_MAX_LEN 2048
#define QUERY_KEY_MAX 64
#define QUERY_VALUE_MAX 4096

struct http_server {
	struct MHD_Daemon *d;
	struct MHD_Daemon *metrics_d;	/* --metrics-listen, or NULL */
	struct guard *guard;
	struct db_pool *pool;
	struct sweeper *sweeper;	/* missed promises, each night */
	struct webhook_worker *hooks;	/* posts the webhooks' outboxes */
	struct mail_fetch_worker *mail;	/* reads the BCC mailboxes */
	struct http_options o;
	unsigned port, metrics_port;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	int inflight;			/* headers read, not yet answered */
	int handling;			/* of which in the pipeline */
	_Atomic int stopping;		/* SIGTERM: serve no new request */
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int http_secure_cookies(const struct req *r)
{
	return r->srv->o.secure_cookies;
}

/* A refusal from the pipeline itself, with its own status. */
static void refuse(struct req *r, int status, int code, const char *slug,
		   const char *field, const char *fmt, const char *arg)
{
	fc_fail(&r->err, code, field, fmt, arg);
	if (slug)
		snprintf(r->err.rule, sizeof(r->err.rule), "%s", slug);
	resp_json(r, status, http_problem(&r->err, status, r->path));
	r->out_type = "application/problem+json";
}

static void problem_from_err(struct req *r, int rc)
{
	int status;
	if (!r->err.code)
		r->err.code = rc < 0 ? rc : FC_ESTORE;
	if (!r->err.message[0])
		snprintf(r->err.message, sizeof(r->err.message), "%s",
			 fc_strerror(r->err.code));
	status = fc_http_status(r->err.code);
	if (r->err.code == FC_ELIMIT && r->retry_after > 0) {
		status = 429;
		snprintf(r->err.rule, sizeof(r->err.rule), "rate-limit");
		resp_header(r, "Retry-After",
			    req_printf(r, "%lld", (long long)r->retry_after));
	}
	if (status >= 500)
		fprintf(stderr, "fulcrum: %s %s: %s\n", r->method, r->path,
			r->err.message);
	json_t *p = http_problem(&r->err, status, r->path);
	if (r->problem_more)
		json_object_update(p, r->problem_more);
	resp_json(r, status, p);
	r->out_type = "application/problem+json";
	if (status == 401)
		resp_header(r, "WWW-Authenticate", "Bearer");
}

/* --- parse --------------------------------------------------------------- */

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct req *r = cls;
	(void)kind;
	if (r->query_error[0])
		return MHD_NO;
	if (r->nquery >= REQ_MAX_QUERY) {
		snprintf(r->query_error, sizeof(r->query_error),
			 "too many query parameters (at most %d)", REQ_MAX_QUERY);
		return MHD_NO;
	}
	if (!key || strlen(key) > QUERY_KEY_MAX) {
		snprintf(r->query_error, sizeof(r->query_error),
			 "a query parameter name is longer than %d bytes",
			 QUERY_KEY_MAX);
		return MHD_NO;
	}
	if (value && strlen(value) > QUERY_VALUE_MAX) {
		snprintf(r->query_error, sizeof(r->query_error),
			 "query parameter '%.64s' is longer than %d bytes", key,
			 QUERY_VALUE_MAX);
		return MHD_NO;
	}
	if (!utf8_valid(key, strlen(key), NULL) ||
	    (value && !utf8_valid(value, strlen(value), NULL))) {
		snprintf(r->query_error, sizeof(r->query_error),
			 "the query string is not valid UTF-8");
		return MHD_NO;
	}
	r->query_keys[r->nquery] = req_strdup(r, key);
	r->query_values[r->nquery] = req_strdup(r, value ? value : "");
	r->nquery++;
	return MHD_YES;
}

int http_addr_in_list(const char *list, const char *addr)
{
	size_t n = strlen(addr);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, addr, n))
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* The client behind a trusted load balancer: the last address its
 * X-Forwarded-For header appends, when that is a valid IP literal. */
static void forwarded_address(struct req *r)
{
	const char *xff = req_header(r, "X-Forwarded-For");
	const char *last = xff ? strrchr(xff, ',') : NULL;
	char ip[64];
	unsigned char bin[sizeof(struct in6_addr)];
	if (!xff)
		return;
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	snprintf(ip, sizeof(ip), "%.*s", (int)strcspn(last, " "), last);
	if (inet_pton(AF_INET, ip, bin) == 1 || inet_pton(AF_INET6, ip, bin) == 1)
		snprintf(r->client_addr, sizeof(r->client_addr), "%s", ip);
}

static void client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	snprintf(r->client_addr, sizeof(r->client_addr), "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  r->client_addr, sizeof(r->client_addr));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
			  r->client_addr, sizeof(r->client_addr));
	if (r->srv->o.trusted_proxies &&
	    http_addr_in_list(r->srv->o.trusted_proxies, r->client_addr)) {
		r->via_proxy = 1;
		forwarded_address(r);
	}
}

/* Request framing that two parsers could read two ways (RFC 9112 §6.3):
 * two Content-Lengths, or one with Transfer-Encoding; and a header holding
 * a NUL byte. Either is refused outright and the connection closed, so
 * nothing behind it is read as a request. (libmicrohttpd itself refuses a
 * NUL in a header's name; 0.9.75 cuts a value at a NUL before we see it,
 * later versions refuse it; the sizes are compared for any that passes
 * one on.) */
struct framing {
	int content_length, transfer_encoding, nul;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, size_t key_size,
				     const char *value, size_t value_size)
{
	struct framing *f = cls;
	(void)kind;
	if (strlen(key) != key_size || (value && strlen(value) != value_size))
		f->nul = 1;
	if (!strcasecmp(key, "Content-Length"))
		f->content_length++;
	else if (!strcasecmp(key, "Transfer-Encoding"))
		f->transfer_encoding++;
	return MHD_YES;
}

static const char *bad_framing(struct MHD_Connection *c)
{
	struct framing f = { 0 };
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, count_framing, &f);
	if (f.nul)
		return "a request header holds a NUL byte";
	if (f.content_length > 1)
		return "the request has more than one Content-Length";
	if (f.content_length && f.transfer_encoding)
		return "the request has both Content-Length and "
		       "Transfer-Encoding";
	return NULL;
}

/* --- authenticate -------------------------------------------------------- */

static int is_unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") &&
	       strcmp(method, "OPTIONS");
}

/* Whether the request brings a bearer token or a session cookie. */
static int brings_credentials(struct req *r)
{
	const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
							 SESSION_COOKIE);
	return req_header(r, "Authorization") || (cookie && *cookie);
}

static int authenticate(struct req *r)
{
	const char *authz = req_header(r, "Authorization");
	const char *cookie;
	struct auth_session sess;
	int64_t org = 0, user = 0;
	int rc;

	if (authz) {
		while (*authz == ' ')
			authz++;
		if (strncasecmp(authz, "Bearer ", 7)) {
			refuse(r, 401, FC_EAUTH, NULL, "Authorization",
			       "%s", "'Authorization' must be 'Bearer TOKEN'");
			resp_header(r, "WWW-Authenticate", "Bearer");
			return -1;
		}
		authz += 7;
		while (*authz == ' ')
			authz++;
		rc = auth_token_lookup(r->db, authz, r->ctx.now, &org, &user,
				       &r->err);
		if (!rc)
			rc = ctx_act_as_id(&r->ctx, org, user, &r->err);
		if (rc) {
			if (rc == FC_ENOTFOUND)
				fc_fail(&r->err, FC_EAUTH, NULL,
					"unknown or revoked token");
			problem_from_err(r, rc == FC_ENOTFOUND ? FC_EAUTH : rc);
			return -1;
		}
		r->authed = 1;
		return 0;
	}
	cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
					     SESSION_COOKIE);
	if (!cookie || !*cookie) {
		refuse(r, 401, FC_EAUTH, NULL, NULL, "%s",
		       "sign in first: no session cookie or bearer token");
		resp_header(r, "WWW-Authenticate", "Bearer");
		return -1;
	}
	rc = auth_session_lookup(r->db, cookie, r->ctx.now, &sess, &r->err);
	if (!rc)
		rc = ctx_act_as_id(&r->ctx, sess.org_id, sess.user_id, &r->err);
	if (rc) {
		if (rc == FC_ENOTFOUND)
			fc_fail(&r->err, FC_EAUTH, NULL,
				"session expired or unknown");
		problem_from_err(r, rc == FC_ENOTFOUND ? FC_EAUTH : rc);
		return -1;
	}
	if (is_unsafe(r->method)) {
		const char *csrf = req_header(r, "X-CSRF-Token");
		size_t n = strlen(sess.csrf);
		if (!csrf || strlen(csrf) != n || n == 0 ||
		    sodium_memcmp(csrf, sess.csrf, n)) {
			refuse(r, 403, FC_EFORBIDDEN, "csrf", "X-CSRF-Token", "%s",
			       "missing or wrong 'X-CSRF-Token' header");
			return -1;
		}
	}
	snprintf(r->session_token, sizeof(r->session_token), "%s", cookie);
	snprintf(r->session_csrf, sizeof(r->session_csrf), "%s", sess.csrf);
	r->via_cookie = 1;
	r->authed = 1;
	return 0;
}

static int authorize(struct req *r)
{
	unsigned f = r->route->flags;
	if ((f & ROUTE_ADMIN) && r->ctx.user.role != ROLE_ADMIN) {
		refuse(r, 403, FC_EFORBIDDEN, NULL, NULL, "%s",
		       "only an admin may do this");
		return -1;
	}
	if ((f & ROUTE_MANAGER) && r->ctx.user.role == ROLE_REP) {
		refuse(r, 403, FC_EFORBIDDEN, NULL, NULL, "%s",
		       "only a manager or an admin may do this");
		return -1;
	}
	return 0;
}

/* --- the pipeline -------------------------------------------------------- */

static void pipeline(struct req *r)
{
	struct http_server *s = r->srv;
	struct route_match m;
	const char *method = r->method;
	int64_t db_start = 0;
	int rc;

	/* parse */
	if (strlen(r->path) > PATH_MAX_LEN || r->path[0] != '/') {
		refuse(r, 414, FC_ELIMIT, NULL, NULL, "%s",
		       "the path is too long or malformed");
		return;
	}
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_query,
				  r);
	if (r->query_error[0]) {
		refuse(r, 400, FC_EINVAL, NULL, NULL, "%s", r->query_error);
		return;
	}

	/* route */
	router_match(method, r->path, &m);
	if (m.status == 405 && !strcmp(method, "OPTIONS")) {
		/* a CORS preflight, for the POST that answers it */
		struct route_match post;
		router_match("POST", r->path, &post);
		if (post.status == 0 && (post.route->flags & ROUTE_PREFLIGHT))
			m = post;
	}
	if (m.status == 405) {
		refuse(r, 405, FC_EINVAL, "method-not-allowed", NULL,
		       "method '%s' is not allowed here", method);
		resp_header(r, "Allow", m.allow);
		return;
	}
	if (m.status == 404) {
		if ((!strcmp(method, "GET") || !strcmp(method, "HEAD")) &&
		    strncmp(r->path, "/api/", 5) && strcmp(r->path, "/api") &&
		    static_serve(r, r->path)) {
			r->route_index = METRICS_STATIC;
			return;
		}
		refuse(r, 404, FC_ENOTFOUND, NULL, NULL, "no such resource '%s'",
		       r->path);
		return;
	}
	r->route = m.route;
	r->route_index = m.index;
	r->nparams = m.nparams;
	for (int i = 0; i < m.nparams; i++) {
		const char *name = m.names[i];
		size_t nlen = strcspn(name, "}");
		char *nm = req_alloc(r, nlen + 1), *val = req_alloc(r, m.lens[i] + 1);
		memcpy(nm, name, nlen);
		nm[nlen] = '\0';
		memcpy(val, m.starts[i], m.lens[i]);
		val[m.lens[i]] = '\0';
		r->param_names[i] = nm;
		r->param_values[i] = val;
	}

	if (!(r->route->flags & ROUTE_NO_DB)) {
		db_start = mono_ns();
		r->db = db_pool_acquire(s->pool);
		/* the wait is counted apart: a pool too small for the load
		 * shows there (metrics) */
		r->db_wait_ns = mono_ns() - db_start;
		db_start += r->db_wait_ns;
		r->db->detail[0] = '\0';	/* an earlier request's */
		/* a read answers from one read transaction, not one per
		 * statement; a write on the way ends it (store/db.h) */
		if (!is_unsafe(method))
			db_read_scope(r->db, 1);
	}
	ctx_init(&r->ctx, r->db);

	/* authenticate, authorize */
	if (!(r->route->flags & ROUTE_PUBLIC) ||
	    ((r->route->flags & ROUTE_AUTH_OPTIONAL) && brings_credentials(r))) {
		if (authenticate(r) || authorize(r))
			goto out;
	}

	/* decode body */
	if (r->body_too_large) {
		char limit[32];
		snprintf(limit, sizeof(limit), "%zu", s->o.body_max);
		refuse(r, 413, FC_ELIMIT, NULL, NULL,
		       "the request body is larger than %s bytes", limit);
		goto out;
	}
	if (r->route->flags & (ROUTE_JSON_BODY | ROUTE_JSON_OPTIONAL)) {
		int status = 0;
		if ((r->route->flags & ROUTE_JSON_OPTIONAL) && r->raw.len == 0) {
			r->body = json_object();
		} else if (http_json_decode(req_header(r, "Content-Type"),
					    r->raw.s, r->raw.len, &r->body,
					    &r->err, &status)) {
			resp_json(r, status, http_problem(&r->err, status, r->path));
			r->out_type = "application/problem+json";
			goto out;
		}
	}

	/* If-Match: record {id} of the path's entity (rows flagged so have
	 * both; tests/unit/http checks the table) */
	if (r->route->flags & ROUTE_IF_MATCH) {
		const struct entity *e = router_entity(r->route);
		int64_t id;
		if (!e)
			rc = fc_fail(&r->err, FC_ESTORE, NULL, "%s",
				     "this route names no record for If-Match");
		else if (!(rc = req_param_id(r, "id", &id)))
			rc = req_if_match(r, e, id, &r->if_version);
		if (rc) {
			problem_from_err(r, rc);
			goto out;
		}
	}

	/* the members of a small body, once the preconditions hold (RFC 9110
	 * 13.2.1: content is processed after them) */
	if (r->body && r->route->doc.fields &&
	    (rc = body_check(r, r->route->doc.fields))) {
		problem_from_err(r, rc);
		goto out;
	}

	/* handler */
	rc = r->route->handler(r);
	if (rc < 0 || (r->status == 0 && !r->out)) {
		/* the client reads the violation in its own words; the
		 * backend's text is for whoever reads the log */
		if (r->db && r->db->detail[0])
			fprintf(stderr, "fulcrum: %s %s: %s\n", r->method,
				r->path, r->db->detail);
		if (r->db && r->db->tx_depth > 0)
			db_rollback(r->db);
		problem_from_err(r, rc < 0 ? rc : FC_ESTORE);
	}
out:
	if (r->db) {
		db_read_scope(r->db, 0);
		db_pool_release(s->pool, r->db);
		r->db = NULL;
		r->ctx.db = NULL;
		r->db_ns = mono_ns() - db_start;
	}
}

/* --- encode and log ------------------------------------------------------ */

static void log_line(struct req *r, int status, size_t bytes)
{
	char path[256];
	const char *src = r->route && (r->route->flags & ROUTE_SECRET_PATH) ?
			  r->route->pattern : r->path;
	size_t k = 0;
	/* Decoded paths may hold control bytes: escape them so one request
	 * stays one line. */
	for (size_t i = 0; src[i] && k + 5 < sizeof(path); i++) {
		unsigned char c = (unsigned char)src[i];
		if (c < 0x20 || c == 0x7f || c == '\\')
			k += (size_t)snprintf(path + k, sizeof(path) - k,
					      "\\x%02x", c);
		else
			path[k++] = (char)c;
	}
	path[k] = '\0';
	fprintf(stderr, "http %s %s %d %zu %.1fms user=%lld\n", r->method, path,
		status, bytes, (double)(mono_ns() - r->started_ns) / 1e6,
		(long long)(r->authed ? r->ctx.user.id : 0));
}

static enum MHD_Result respond(struct req *r)
{
	struct MHD_Response *resp;
	char *text = NULL;
	const char *data = "";
	size_t len = 0;
	enum MHD_ResponseMemoryMode mode = MHD_RESPMEM_PERSISTENT;
	enum MHD_Result ret;
	int status = r->status ? r->status : 500;
	int has_cache = 0, own_policy = 0, own_referrer = 0;

	if (r->out) {
		/* written straight into the buffer handed to libmicrohttpd,
		 * the bytes jansson's dump would give (util/json-write.h) */
		struct buf b;
		struct jw w;
		buf_init(&b, 0);
		jw_init(&w, &b);
		jw_value(&w, r->out);
		len = b.len;
		text = buf_detach(&b);
		data = text;
		mode = MHD_RESPMEM_MUST_FREE;
	} else if (r->out_text) {
		text = r->out_text;	/* handed to libmicrohttpd */
		r->out_text = NULL;
		data = text;
		len = r->out_len;
		mode = MHD_RESPMEM_MUST_FREE;
	} else if (r->out_data) {
		data = r->out_data;
		len = r->out_len;
		mode = r->out_static ? MHD_RESPMEM_PERSISTENT
				     : MHD_RESPMEM_MUST_COPY;
	}
	if (r->out_stream)	/* sent as it is made: see resp_stream() */
		resp = resp_stream_response(r);
	else
		resp = MHD_create_response_from_buffer(len, (void *)data, mode);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	/* a page may set its own policies (a lead form's may be framed, and
	 * names its origin when it posts to itself) */
	for (int i = 0; i < r->nheaders; i++) {
		if (!strcasecmp(r->headers[i].name, "Content-Security-Policy"))
			own_policy = 1;
		if (!strcasecmp(r->headers[i].name, "Referrer-Policy"))
			own_referrer = 1;
	}
	if (!own_policy) {
		MHD_add_response_header(resp, "Content-Security-Policy",
					"default-src 'self'; frame-ancestors "
					"'none'; base-uri 'none'; form-action "
					"'self'");
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	}
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (!own_referrer)
		MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (r->out_type)
		MHD_add_response_header(resp, "Content-Type", r->out_type);
	for (int i = 0; i < r->nheaders; i++) {
		if (!strcasecmp(r->headers[i].name, "Cache-Control"))
			has_cache = 1;
		MHD_add_response_header(resp, r->headers[i].name,
					r->headers[i].value);
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	/* A stopping server answers what it took on and takes no more. */
	if (r->close_after || r->srv->stopping)
		MHD_add_response_header(resp, "Connection", "close");
	r->answered = 1;
	ret = MHD_queue_response(r->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	if (!r->srv->o.quiet)
		log_line(r, status, len);
	metrics_record(r->route_index, status, mono_ns() - r->started_ns,
		       r->db_ns, r->db_wait_ns);
	return ret;
}

/* A connection's thread answers its requests one after another: the
 * struct of the last one, cleared, serves the next, as a 3 KB calloc()
 * a request set off glibc's malloc_consolidate() each time. The spare
 * is freed when its thread ends. */
static pthread_key_t spare_req_key;
static pthread_once_t spare_req_once = PTHREAD_ONCE_INIT;

static void spare_req_key_make(void)
{
	if (pthread_key_create(&spare_req_key, free))
		FC_BUG("no thread-specific key for the spare request");
}

static struct req *req_new(void)
{
	struct req *r;

	pthread_once(&spare_req_once, spare_req_key_make);
	r = pthread_getspecific(spare_req_key);
	if (!r)
		return xcalloc(1, sizeof(*r));
	pthread_setspecific(spare_req_key, NULL);
	memset(r, 0, sizeof(*r));
	return r;
}

static void req_free(struct req *r)
{
	if (pthread_getspecific(spare_req_key) ||
	    pthread_setspecific(spare_req_key, r))
		free(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct req *r = *con_cls;
	(void)version;

	if (!r) {
		const char *cl, *bad;
		int stopping;
		r = req_new();
		r->srv = s;
		r->conn = c;
		r->started_ns = mono_ns();
		r->method = method;
		r->path = url;
		r->route_index = METRICS_UNMATCHED;
		buf_init(&r->raw, s->o.body_max);
		client_address(r);
		pthread_mutex_lock(&s->lock);
		s->inflight++;
		stopping = s->stopping;
		pthread_mutex_unlock(&s->lock);
		*con_cls = r;
		if (stopping) {
			r->close_after = 1;
			refuse(r, 503, FC_ESTORE, "stopping", NULL, "%s",
			       "the server is stopping: try again");
			resp_header(r, "Retry-After", "1");
			return respond(r);
		}
		if ((bad = bad_framing(c))) {
			r->close_after = 1;
			refuse(r, 400, FC_EINVAL, NULL, NULL, "%s", bad);
			return respond(r);
		}
		if (guard_request_begin(s->guard, c, r->via_proxy ?
					r->client_addr : NULL)) {
			r->close_after = 1;
			refuse(r, 429, FC_ELIMIT, "rate-limit", NULL, "%s",
			       "too many requests in progress from this "
			       "client");
			resp_header(r, "Retry-After", "1");
			return respond(r);
		}
		/* A body far past the cap is refused before it is read; one
		 * a little past it is read and dropped, so the client sees the
		 * answer instead of a reset connection. */
		cl = req_header(r, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > 64 * (unsigned long long)
		    s->o.body_max) {
			r->body_too_large = 1;
			refuse(r, 413, FC_ELIMIT, NULL, NULL,
			       "the request body is larger than %s bytes", cl);
			return respond(r);
		}
		return MHD_YES;
	}
	if (r->answered) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->body_too_large &&
		    buf_add(&r->raw, upload, *upload_size) < 0) {
			r->body_too_large = 1;
			buf_release(&r->raw);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	guard_request_ready(s->guard, c);
	pthread_mutex_lock(&s->lock);
	s->handling++;
	pthread_mutex_unlock(&s->lock);
	r->handled = 1;
	pipeline(r);
	return respond(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct req *r = *con_cls;
	int handled;
	(void)toe;
	if (!r)
		return;
	guard_request_end(s->guard, c);
	handled = r->handled;
	*con_cls = NULL;
	if (r->db)
		db_pool_release(s->pool, r->db);
	json_decref(r->body);
	json_decref(r->problem_more);
	json_decref(r->out);
	free(r->out_text);
	buf_release(&r->raw);
	req_arena_release(r);
	req_free(r);
	pthread_mutex_lock(&s->lock);
	s->inflight--;
	if (handled)
		s->handling--;
	if (s->inflight == 0 || s->handling == 0)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
}

/* --- lifecycle ----------------------------------------------------------- */

int http_server_start(const struct http_options *o, const char *db_url,
		      struct http_server **out, struct fc_error *err)
{
	struct http_server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	struct guard_limits lim;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
			 MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *di;
	int rc = 0;

	*out = NULL;
	s->o = *o;
	if (!s->o.listen_addr)
		s->o.listen_addr = "127.0.0.1";
	if (s->o.threads <= 0)
		s->o.threads = 8;
	if (!s->o.body_max)
		s->o.body_max = HTTP_BODY_MAX_DEFAULT;
	if (!s->o.connection_limit)
		s->o.connection_limit = HTTP_CONNECTIONS_DEFAULT;
	if (!s->o.per_ip_limit)
		s->o.per_ip_limit = HTTP_PER_ADDRESS_DEFAULT;
	if (!s->o.timeout_s)
		s->o.timeout_s = 30;
	if (!s->o.header_timeout_s)
		s->o.header_timeout_s = HTTP_HEADER_TIMEOUT_DEFAULT;
	if (!s->o.body_timeout_s)
		s->o.body_timeout_s = HTTP_BODY_TIMEOUT_DEFAULT;
	if ((rc = http_sockaddr(s->o.listen_addr, s->o.port, &ss, &flags, err)))
		goto out;
	if (sodium_init() < 0) {
		rc = fc_fail(err, FC_ESTORE, NULL,
			     "cannot initialise the crypto library");
		goto out;
	}
	/* before any thread: the webhook worker posts with libcurl */
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		rc = fc_fail(err, FC_ESTORE, NULL,
			     "cannot initialise the HTTP client library");
		goto out;
	}
	s->pool = db_pool_new(db_url, s->o.threads, err);
	if (!s->pool) {
		rc = err && err->code ? err->code : FC_ESTORE;
		goto out;
	}
	s->sweeper = sweeper_start(s->pool);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	metrics_init();
	lim.per_address = s->o.per_ip_limit;
	/* Half the connections stay for clients that send whole requests. */
	lim.incomplete_max = s->o.connection_limit / 2 ?
			     s->o.connection_limit / 2 : 1;
	lim.header_ns = (int64_t)s->o.header_timeout_s * 1000000000LL;
	lim.body_ns = (int64_t)s->o.body_timeout_s * 1000000000LL;
	lim.trusted_proxies = s->o.trusted_proxies;
	s->guard = guard_new(&lim);
	/* The per-address limit is the guard's, which knows trusted proxies;
	 * libmicrohttpd's own is off (0). */
	s->d = MHD_start_daemon(flags, (uint16_t)s->o.port, NULL, NULL,
				on_request, s,
				/* first, so that every message goes there */
				MHD_OPTION_EXTERNAL_LOGGER, guard_mhd_log,
				s->guard,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_NOTIFY_CONNECTION, guard_notify,
				s->guard,
				MHD_OPTION_CONNECTION_LIMIT, s->o.connection_limit,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
				MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				(size_t)32 * 1024,
				MHD_OPTION_END);
	if (!s->d) {
		rc = fc_fail(err, FC_ESTORE, "listen",
			     "cannot listen on '%s' port %u: address in use or "
			     "not available", s->o.listen_addr, s->o.port);
		goto out;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : s->o.port;
	if (s->o.metrics_addr) {
		s->metrics_d = metrics_listener_start(s->o.metrics_addr,
						      s->o.metrics_port,
						      &s->metrics_port, err);
		if (!s->metrics_d) {
			rc = err->code ? err->code : FC_ESTORE;
			goto out;
		}
	}
	{
		/* the node's name outlives a restart: its lease is its own */
		char host[256], node[320];
		if (gethostname(host, sizeof(host)))
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		snprintf(node, sizeof(node), "%s:%u", host, s->port);
		s->hooks = webhook_worker_start(s->pool, node);
		s->mail = mail_fetch_worker_start(s->pool, node);
	}
	*out = s;
	s = NULL;
out:
	if (s) {
		if (s->d)
			MHD_stop_daemon(s->d);
		guard_free(s->guard);
		sweeper_stop(s->sweeper);
		db_pool_free(s->pool);
		free(s);
	}
	return rc;
}

struct db_pool *http_db_pool(const struct req *r)
{
	return r->srv->pool;
}

unsigned http_server_port(const struct http_server *s)
{
	return s->port;
}

unsigned http_server_metrics_port(const struct http_server *s)
{
	return s->metrics_d ? s->metrics_port : 0;
}

void http_server_stop(struct http_server *s, int grace_ms)
{
	struct timespec until;
	MHD_socket fd;

	if (!s)
		return;
	/* From here a request that reaches on_request is refused, also one on
	 * a connection kept alive; the ones already there are answered. */
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_mutex_unlock(&s->lock);
	fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace_ms / 1000;
	until.tv_nsec += (long)(grace_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	while (s->inflight > 0)
		if (pthread_cond_timedwait(&s->idle, &s->lock, &until))
			break;
	/* Past the grace, requests still arriving are dropped, but one being
	 * handled may be writing: it is let finish and its answer sent (or the
	 * client stop reading for the idle timeout), so that no write commits
	 * for a client that never hears of it. */
	while (s->handling > 0)
		pthread_cond_wait(&s->idle, &s->lock);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(s->d);
	if (s->metrics_d)
		MHD_stop_daemon(s->metrics_d);
	guard_free(s->guard);
	webhook_worker_stop(s->hooks);
	mail_fetch_worker_stop(s->mail);
	sweeper_stop(s->sweeper);
	db_pool_free(s->pool);
	pthread_cond_destroy(&s->idle);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
