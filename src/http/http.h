/* What a route handler sees: the request (path parameters, query, decoded
 * JSON body, the acting user as a struct fc_ctx with the request's pooled
 * database) and the helpers that set the response. The pipeline in
 * server.c runs parse -> route -> authenticate -> authorize -> decode body
 * -> handler -> encode -> log, so a handler only does its own work: call a
 * core service and hand back JSON, or return a negative enum fc_err with
 * r->err filled (it becomes an application/problem+json answer).
 * The pipeline also enforces the row's flags: a route flagged
 * ROUTE_IF_MATCH finds the If-Match header already checked in
 * r->if_version. Adding a route is one row in routes/NAME.c: method,
 * pattern, handler, flags, summary and its documentation (struct
 * route_doc), from which the OpenAPI document is made (a new file also goes
 * into router.c's slices and meson.build). Read next: http/router.c and
 * docs/internals/adding-a-route.md. */
#ifndef FC_HTTP_HTTP_H
#define FC_HTTP_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/record.h"
#include "util/buf.h"
#include "util/error.h"

struct MHD_Connection;
struct http_server;
struct resp_stream;
struct req;

enum route_flags {
	ROUTE_PUBLIC = 1 << 0,		/* no authentication */
	ROUTE_JSON_BODY = 1 << 1,	/* body must be a JSON object */
	ROUTE_JSON_OPTIONAL = 1 << 2,	/* a JSON object body, or none ({}) */
	ROUTE_ADMIN = 1 << 3,		/* admins only (403 otherwise) */
	ROUTE_MANAGER = 1 << 4,		/* managers and admins only */
	ROUTE_NO_DB = 1 << 5,		/* needs no database connection */
	ROUTE_SECRET_PATH = 1 << 6,	/* the path holds a secret: log the pattern */
	ROUTE_IF_MATCH = 1 << 7,	/* honours If-Match: 412 when stale; the
					   pipeline checks it against record
					   {id} of the path's entity and hands
					   the version on in r->if_version */
	ROUTE_AUTH_OPTIONAL = 1 << 8,	/* with ROUTE_PUBLIC: signed in when
					   the request brings a token or a
					   session, so the answer may be the
					   user's (r->authed) */
	ROUTE_PREFLIGHT = 1 << 9,	/* a POST whose handler also answers
					   the CORS preflight: OPTIONS on its
					   path comes to it (r->method
					   "OPTIONS") */
};

/* What the OpenAPI document says of a route beyond its method, pattern,
 * flags and summary (openapi.c turns these into the answers it lists). */
enum route_doc_flags {
	DOC_RULES = 1 << 0,	/* a process rule may refuse it: 422 */
	DOC_RECORD = 1 << 1,	/* the answer is a record with an ETag */
	DOC_TEXT = 1 << 2,	/* the answer is not JSON: `result` lists its
				   media types, separated by spaces */
	DOC_RATE = 1 << 3,	/* refused for a while when repeated: 429 */
	DOC_CONFLICT = 1 << 4,	/* a duplicate or a state may refuse it: 409 */
	DOC_RAW_BODY = 1 << 5,	/* the body is a file: `body` lists its media
				   types, separated by spaces */
	DOC_DRY_RUN = 1 << 6,	/* also 200 when only tried (?dry_run=true) */
	DOC_PUBLIC_POST = 1 << 7,	/* a post from anyone: 403 (an origin
					   not allowed), 413 (too large), 429
					   (too many from one address) */
};

/* A query parameter beyond the path's and the entity list's: with a
 * DESCRIPTION a "true"/"false" switch (or, with a TYPE, a value of that
 * JSON schema type: "string", "integer"), without one the shared
 * parameter of that name (#/components/parameters/NAME). */
struct route_query {
	const char *name;
	const char *description;
	const char *type;
};

/* A row that leaves its doc empty (status 0) and is a plain record verb on
 * its path's entity (GET/POST /api/v1/deals, GET/PATCH/DELETE
 * /api/v1/deals/{id}) is documented from the entity: list, create, read,
 * update, delete with the entity's schemas (openapi.c). */
/* A member of a small action body (a row's body that is no record's):
 * before the handler runs the pipeline refuses a member not listed, a
 * value not of its type, and a missing required one; openapi.c describes
 * the body (schema `body` of the row's doc) from the same list. MAX and
 * VALUES document the core's own bounds, which the core checks for every
 * writer; the pipeline does not check them again. */
enum body_type { BODY_TEXT, BODY_DATE, BODY_BOOL, BODY_INT };
struct body_field {
	const char *name;
	enum body_type type;
	int required;
	int64_t max;			/* TEXT: bytes; INT: largest; 0: none */
	const char *const *values;	/* TEXT: the only values, or NULL */
	int64_t min;			/* INT: smallest */
};

struct route_doc {
	const char *body;	/* the request body's schema name, or NULL */
	const struct body_field *fields;	/* the body's members, ended
						   by { NULL }, or NULL */
	int status;		/* the answer's status on success; 0: 200 */
	const char *result;	/* its schema name; NULL: an object, or no
				   content with 204 */
	unsigned flags;		/* enum route_doc_flags */
	const struct route_query *query;	/* ended by { NULL }, or NULL */
};

typedef int (*route_fn)(struct req *r);

/* A row of the route table. Rows name the first five members in order and
 * the doc by designator: { "GET", "/api/v1/x", fn, 0, "Summary",
 * .doc = { .status = 200, .result = "X" } }. */
struct route {
	const char *method;	/* "GET", "POST", "PATCH", "PUT", "DELETE" */
	const char *pattern;	/* "/api/v1/deals/{id}/advance" */
	route_fn handler;
	unsigned flags;		/* enum route_flags */
	const char *summary;	/* one line, for the OpenAPI document */
	struct route_doc doc;	/* for the OpenAPI document */
};

#define ROUTE_END { .method = NULL }

#define REQ_MAX_PARAMS 4
#define REQ_MAX_QUERY 64
#define REQ_MAX_HEADERS 12

struct req_header {
	const char *name, *value;	/* arena strings */
};

struct arena_block;
struct arena_hook;

struct req {
	struct http_server *srv;
	struct MHD_Connection *conn;
	const char *method;		/* HEAD is routed as GET */
	const char *path;		/* decoded, without the query */
	const struct route *route;	/* NULL: static file or no match */
	int route_index;

	int nparams;
	const char *param_names[REQ_MAX_PARAMS];
	const char *param_values[REQ_MAX_PARAMS];
	int nquery;
	const char *query_keys[REQ_MAX_QUERY];
	const char *query_values[REQ_MAX_QUERY];	/* "" for ?flag */
	char query_error[160];	/* set when the query string broke a bound */

	struct buf raw;			/* the body as received, capped */
	int body_too_large;
	json_t *body;			/* decoded JSON object (JSON routes) */
	json_t *problem_more;		/* NULL, or members a handler adds to
					   the problem answering its refusal */

	struct db *db;			/* pooled connection, while handling */
	struct fc_ctx ctx;		/* the acting user */
	int authed;
	int via_cookie;
	char session_token[72];		/* the cookie's token, for logout */
	char session_csrf[72];		/* its CSRF token, for auth/me */
	char client_addr[64];
	int via_proxy;			/* client_addr is X-Forwarded-For's */

	/* Response. */
	int status;
	json_t *out;			/* JSON body (owned) */
	char *out_text;			/* or JSON text written as it is (owned) */
	const char *out_data;		/* or raw bytes */
	size_t out_len;
	const char *out_type;
	int out_static;			/* out_data is static: do not copy */
	struct resp_stream *out_stream;	/* or a streamed body (owned) */
	int nheaders;
	struct req_header headers[REQ_MAX_HEADERS];
	int64_t retry_after;		/* > 0: 429 with Retry-After */
	struct fc_error err;

	/* Set by the pipeline for ROUTE_IF_MATCH routes: the version the write
	 * must still find (0 when If-Match is absent or "*"); see
	 * req_if_match() in internal.h. */
	int64_t if_version;

	/* Bookkeeping. */
	int answered;			/* a response is queued */
	int close_after;		/* close the connection after it */
	int handled;			/* went into the pipeline */
	int64_t started_ns;
	int64_t db_ns;			/* holding a database connection */
	int64_t db_wait_ns;		/* before that, waiting for one */
	struct arena_block *arena;
	struct arena_hook *hooks;
};

/* --- the request arena: freed when the request completes ---------------- */
void *req_alloc(struct req *r, size_t n);
char *req_strdup(struct req *r, const char *s);
char *req_printf(struct req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* FN(ARG) runs when the request is freed, newest first. */
void req_on_cleanup(struct req *r, void (*fn)(void *), void *arg);
/* json_decref(J) at cleanup; returns J. */
json_t *req_keep_json(struct req *r, json_t *j);

/* --- reading the request ------------------------------------------------- */
const char *req_param(const struct req *r, const char *name);
/* Path parameter NAME as a positive id; FC_ENOTFOUND (404) otherwise. */
int req_param_id(struct req *r, const char *name, int64_t *id);
/* Last value of query key KEY, or NULL. */
const char *req_query(const struct req *r, const char *key);
/* Query key KEY as an integer in [MIN, MAX]; DFLT when absent. */
int req_query_int(struct req *r, const char *key, int64_t min, int64_t max,
		  int64_t dflt, int64_t *out);
/* A request header, or NULL. */
const char *req_header(const struct req *r, const char *name);
/* limit, cursor, sort, q and field filters (any other key; repeated keys
 * give a list) from the query string, for E's list. FILTERS is kept in
 * the arena. */
int req_list_query(struct req *r, const struct entity *e,
		   struct list_query *q);

/* The members of a body the row's doc.fields checked (NULL / 0 when
 * absent or null). */
const char *body_text(const struct req *r, const char *name);
int body_true(const struct req *r, const char *name);
int64_t body_integer(const struct req *r, const char *name);

/* --- setting the response ------------------------------------------------ */
/* JSON body; takes the reference. */
void resp_json(struct req *r, int status, json_t *take);
/* JSON text written without a tree (util/json-write.h); takes TAKE's
 * string and leaves TAKE empty. */
void resp_json_text(struct req *r, int status, struct buf *take);
/* A record: JSON body plus ETag "<version>" from its "version" member. */
void resp_record(struct req *r, int status, json_t *take);
/* A whole list in one page: 200 {"items": TAKE, "next_cursor": null}. */
void resp_items(struct req *r, json_t *take);
void resp_empty(struct req *r, int status);
/* Raw bytes; DATA is copied unless IS_STATIC. */
void resp_data(struct req *r, int status, const char *type, const char *data,
	       size_t len, int is_static);
/* A streamed body, sent as it is made (chunked): NEXT(CLS, OUT) appends
 * the next part to OUT and returns 1 while more follows, 0 after the last,
 * or < 0 on a failure (the connection is then cut: the status is sent
 * already). DONE(CLS) runs once when the response is gone, also when the
 * client left early or the response was replaced. NEXT and DONE run after
 * the handler has returned: a stream that reads the database keeps the
 * request's connection (takes r->db, leaving NULL) and gives it back to
 * http_db_pool(r) in DONE. */
typedef int (*resp_stream_fn)(void *cls, struct buf *out);
void resp_stream(struct req *r, int status, const char *type,
		 resp_stream_fn next, void (*done)(void *cls), void *cls);
struct db_pool;
struct db_pool *http_db_pool(const struct req *r);
/* Adds a response header (both copied). */
void resp_header(struct req *r, const char *name, const char *value);
/* Sets Location to the printf'd path. */
void resp_location(struct req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --- the server's settings a route may need ------------------------------ */
int http_secure_cookies(const struct req *r);

/* --- pieces shared by server.c, router.c and the tests ------------------- */
struct route_match {
	const struct route *route;
	int index;
	int status;		/* 0 matched, 404 no such path, 405 wrong method */
	char allow[64];		/* for 405 */
	int nparams;
	const char *names[REQ_MAX_PARAMS];
	const char *starts[REQ_MAX_PARAMS];	/* into PATH */
	size_t lens[REQ_MAX_PARAMS];
};
int router_match(const char *method, const char *path, struct route_match *m);
int router_count(void);
const struct route *router_at(int index);
/* The entity a route under /api/v1 is about, named by its path's first
 * segment ("/api/v1/deals/{id}/win": deals), or NULL. */
const struct entity *router_entity(const struct route *rt);

/* JSON body decoding with its limits: content type, UTF-8, depth, syntax,
 * an object at the top. Fills ERR with a message naming line and column. */
#define HTTP_JSON_MAX_DEPTH 32
int http_json_decode(const char *content_type, const char *data, size_t len,
		     json_t **out, struct fc_error *err, int *status);

/* The OpenAPI 3.1 document of every route in the table, built from the
 * route rows alone (with their docs) and core's entity field tables (new
 * reference). */
json_t *openapi_document(void);
/* The webhook schemas added to components C, and the document's 3.1
 * `webhooks` section (openapi-webhooks.c, from core's event table). */
void openapi_webhook_schemas(json_t *c);
/* The schemas of /api/v1/mail/send, /preview and /templates. */
void openapi_mail_schemas(json_t *c);
json_t *openapi_webhooks(void);
/* The BCC mailbox's schema added to components C (openapi-mail.c). */
void openapi_mail_schemas(json_t *c);
/* Adds the custom fields of ctx's organisation to DOC (openapi-fields.c):
 * the members of each record's "custom" object and the lists' filters. */
int openapi_add_fields(json_t *doc, struct fc_ctx *ctx, struct fc_error *err);

/* The problem+json body for ERR (new reference). */
json_t *http_problem(const struct fc_error *err, int status, const char *path);

#endif
