/* The request as handlers see it: the per-request arena with its cleanup
 * hooks, path/query/header access, If-Match, list queries, body helpers,
 * response setters, JSON body decoding with its limits, and problem+json.
 * The pipeline that calls all this is server.c. */
#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "http/internal.h"
#include "util/xmalloc.h"
#include "util/utf8.h"
#include "util/banned.h"

/* --- arena --------------------------------------------------------------- */

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

struct arena_hook {
	struct arena_hook *next;
	void (*fn)(void *);
	void *arg;
};

void *req_alloc(struct req *r, size_t n)
{
	struct arena_block *b = xmalloc(sizeof(*b) + (n ? n : 1));
	b->next = r->arena;
	r->arena = b;
	return b->data;
}

char *req_strdup(struct req *r, const char *s)
{
	size_t n = strlen(s);
	char *p = req_alloc(r, n + 1);
	memcpy(p, s, n + 1);
	return p;
}

char *req_printf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	char *s, *p;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		FC_BUG("out of memory");
	va_end(ap);
	p = req_strdup(r, s);
	free(s);
	return p;
}

void req_on_cleanup(struct req *r, void (*fn)(void *), void *arg)
{
	struct arena_hook *h = req_alloc(r, sizeof(*h));
	h->fn = fn;
	h->arg = arg;
	h->next = r->hooks;
	r->hooks = h;
}

static void decref_hook(void *j)
{
	json_decref(j);
}

json_t *req_keep_json(struct req *r, json_t *j)
{
	if (j)
		req_on_cleanup(r, decref_hook, j);
	return j;
}

/* Runs the hooks, then frees every block (hooks live in blocks too). */
void req_arena_release(struct req *r);
void req_arena_release(struct req *r)
{
	struct arena_hook *h;
	struct arena_block *b, *next;
	for (h = r->hooks; h; h = h->next)
		h->fn(h->arg);
	r->hooks = NULL;
	for (b = r->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	r->arena = NULL;
}

/* --- reading ------------------------------------------------------------- */

const char *req_param(const struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (!strcmp(r->param_names[i], name))
			return r->param_values[i];
	return NULL;
}

static int parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;
	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int req_param_id(struct req *r, const char *name, int64_t *id)
{
	const char *v = req_param(r, name);
	if (parse_i64(v, id) || *id <= 0)
		return fc_fail(&r->err, FC_ENOTFOUND, name, "no record '%s'",
			       v ? v : "");
	return 0;
}

const char *req_query(const struct req *r, const char *key)
{
	for (int i = r->nquery - 1; i >= 0; i--)
		if (!strcmp(r->query_keys[i], key))
			return r->query_values[i];
	return NULL;
}

int req_query_int(struct req *r, const char *key, int64_t min, int64_t max,
		  int64_t dflt, int64_t *out)
{
	const char *v = req_query(r, key);
	int64_t n;
	if (!v) {
		*out = dflt;
		return 0;
	}
	if (parse_i64(v, &n) || n < min || n > max)
		return fc_fail(&r->err, FC_EINVAL, key,
			       "'%s' must be an integer from %lld to %lld", key,
			       (long long)min, (long long)max);
	*out = n;
	return 0;
}

const char *req_header(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static json_t *filter_value(const struct entity *e, const char *key,
			    const char *v)
{
	const struct field *f = e ? entity_field(e, key) : NULL;
	int64_t n;
	if (f && (f->type == FT_INT || f->type == FT_REF) && !parse_i64(v, &n))
		return json_integer(n);
	if (f && f->type == FT_BOOL) {
		if (!strcmp(v, "true") || !strcmp(v, "1"))
			return json_true();
		if (!strcmp(v, "false") || !strcmp(v, "0"))
			return json_false();
	}
	return json_string(v);
}

int req_list_query(struct req *r, const struct entity *e, struct list_query *q)
{
	json_t *filters;
	int64_t limit;
	memset(q, 0, sizeof(*q));
	if (req_query_int(r, "limit", 1, 1000, 50, &limit))
		return FC_EINVAL;
	q->limit = (int)limit;
	q->cursor = req_query(r, "cursor");
	q->sort = req_query(r, "sort");
	q->q = req_query(r, "q");
	filters = req_keep_json(r, json_object());
	for (int i = 0; i < r->nquery; i++) {
		const char *k = r->query_keys[i];
		json_t *v, *old;
		if (!strcmp(k, "limit") || !strcmp(k, "cursor") ||
		    !strcmp(k, "sort") || !strcmp(k, "q"))
			continue;
		v = filter_value(e, k, r->query_values[i]);
		if (!v)
			return fc_fail(&r->err, FC_EINVAL, k,
				       "filter '%s' is not valid UTF-8", k);
		old = json_object_get(filters, k);
		if (!old) {
			json_object_set_new(filters, k, v);
		} else if (json_is_array(old)) {
			json_array_append_new(old, v);
		} else {
			json_t *arr = json_array();
			json_array_append(arr, old);
			json_array_append_new(arr, v);
			json_object_set_new(filters, k, arr);
		}
	}
	q->filters = json_object_size(filters) ? filters : NULL;
	return 0;
}

/* One entity-tag of an If-Match list (RFC 9110 §8.8.3): [W/] DQUOTE *etagc
 * DQUOTE, etagc being any visible byte but '"' (and obs-text). Moves *P past
 * it; *VERSION gets the version a strong tag names, or 0 when the tag is weak
 * or names no version we could have sent (tags are opaque: "stale-etag" is
 * well formed and simply matches nothing). -1 when malformed. */
static int etag_next(const char **p, int64_t *version)
{
	const char *s = *p, *open;
	int weak = 0;
	int64_t n = 0;
	*version = 0;
	if (!strncmp(s, "W/", 2)) {
		weak = 1;
		s += 2;
	}
	if (*s != '"')
		return -1;
	open = ++s;
	for (; *s != '"'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x21 || c == 0x7f)
			return -1;
	}
	/* We send "N", N a version without leading zeros: only that is ours. */
	if (!weak && s > open && s - open <= 18 && open[0] != '0') {
		const char *d = open;
		while (d < s && *d >= '0' && *d <= '9')
			n = n * 10 + (*d++ - '0');
		if (d == s)
			*version = n;
	}
	*p = s + 1;
	return 0;
}

/* The record's version now, for If-Match lists that need it. */
static int current_version(struct req *r, const struct entity *e, int64_t id,
			   int64_t *out)
{
	json_t *rec = NULL;
	int rc = record_get(&r->ctx, e, id, &rec, &r->err);
	if (rc)
		return rc;
	*out = json_integer_value(json_object_get(rec, "version"));
	json_decref(rec);
	return 0;
}

int if_match_parse(const char *p, struct if_match *m, struct fc_error *err)
{
	memset(m, 0, sizeof(*m));
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '*') {
		m->star = 1;
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		return *p ? fc_fail(err, FC_EINVAL, "If-Match", "%s",
				    "'If-Match: *' stands alone") : 0;
	}
	/* Empty list elements are allowed and skipped (RFC 9110 §5.6.1.2). */
	for (;;) {
		int64_t v;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (etag_next(&p, &v) || ++m->any > REQ_IF_MATCH_MAX)
			break;
		if (v > 0)
			m->tags[m->ntags++] = v;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != ',')
			break;
	}
	if (*p || !m->any || m->any > REQ_IF_MATCH_MAX)
		return fc_fail(err, FC_EINVAL, "If-Match",
			       "'If-Match' must be a list of at most %d ETags "
			       "like \"3\"", REQ_IF_MATCH_MAX);
	return 0;
}

int req_if_match(struct req *r, const struct entity *e, int64_t id,
		 int64_t *version)
{
	const char *p = req_header(r, "If-Match");
	struct if_match m;
	int64_t now = 0;
	int rc;
	*version = 0;
	if (!p)
		return 0;
	if ((rc = if_match_parse(p, &m, &r->err)))
		return rc;
	/* Any current version: a missing record is still 404. */
	if (m.star)
		return 0;
	/* One candidate: the write itself checks it, atomically. */
	if (m.ntags == 1) {
		*version = m.tags[0];
		return 0;
	}
	/* None or several: compare with the version now. A match is handed on
	 * so that the write still checks it has not changed meanwhile. */
	if ((rc = current_version(r, e, id, &now)))
		return rc;
	for (int i = 0; i < m.ntags; i++)
		if (m.tags[i] == now) {
			*version = now;
			return 0;
		}
	return fc_fail(&r->err, FC_ESTALE, "If-Match",
		       "%s %lld is at version %lld, which 'If-Match' does not "
		       "name", e->name, (long long)id, (long long)now);
}

static const char *const body_type_names[] = {
	[BODY_TEXT] = "a string", [BODY_DATE] = "a date YYYY-MM-DD",
	[BODY_BOOL] = "true or false", [BODY_INT] = "an integer",
};

static int body_type_ok(json_t *v, enum body_type t)
{
	switch (t) {
	case BODY_TEXT:
	case BODY_DATE:
		return json_is_string(v);
	case BODY_BOOL:
		return json_is_boolean(v);
	case BODY_INT:
		return json_is_integer(v);
	}
	return 0;
}

int body_check(struct req *r, const struct body_field *fields)
{
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v) {
		const struct body_field *f = fields;
		while (f->name && strcmp(f->name, key))
			f++;
		if (!f->name)
			return fc_fail(&r->err, FC_EINVAL, key,
				       "unknown field '%s'", key);
		if (!json_is_null(v) && !body_type_ok(v, f->type))
			return fc_fail(&r->err, FC_EINVAL, key, "'%s' must be %s",
				       key, body_type_names[f->type]);
	}
	for (const struct body_field *f = fields; f->name; f++) {
		v = json_object_get(r->body, f->name);
		if (f->required && (!v || json_is_null(v)))
			return fc_fail(&r->err, FC_EINVAL, f->name,
				       "'%s' is required", f->name);
	}
	return 0;
}

const char *body_text(const struct req *r, const char *name)
{
	return json_string_value(json_object_get(r->body, name));
}

int body_true(const struct req *r, const char *name)
{
	return json_is_true(json_object_get(r->body, name));
}

int64_t body_integer(const struct req *r, const char *name)
{
	return json_integer_value(json_object_get(r->body, name));
}

/* --- response ------------------------------------------------------------ */

struct resp_stream {
	resp_stream_fn next;
	void (*done)(void *cls);
	void *cls;
	struct buf part;	/* the part being sent */
	size_t off;
	int ended;
};

static void stream_free(void *cls)
{
	struct resp_stream *s = cls;
	s->done(s->cls);
	buf_release(&s->part);
	free(s);
}

/* libmicrohttpd asks for up to MAX bytes whenever the socket takes more:
 * one part is made at a time, so memory stays at one part. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct resp_stream *s = cls;
	size_t n;
	(void)pos;
	while (s->off == s->part.len) {
		int rc;
		if (s->ended)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_clear(&s->part);
		s->off = 0;
		rc = s->next(s->cls, &s->part);
		if (rc < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		s->ended = rc == 0;
	}
	n = s->part.len - s->off < max ? s->part.len - s->off : max;
	memcpy(buf, s->part.s + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

struct MHD_Response *resp_stream_response(struct req *r)
{
	struct resp_stream *s = r->out_stream;
	struct MHD_Response *resp;
	r->out_stream = NULL;
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024,
						 stream_read, s, stream_free);
	if (!resp)
		stream_free(s);
	return resp;
}

static void clear_out(struct req *r)
{
	if (r->out_stream) {
		stream_free(r->out_stream);
		r->out_stream = NULL;
	}
	json_decref(r->out);
	r->out = NULL;
	free(r->out_text);
	r->out_text = NULL;
	r->out_data = NULL;
	r->out_len = 0;
	r->out_type = NULL;
	r->out_static = 0;
}

void resp_json(struct req *r, int status, json_t *take)
{
	clear_out(r);
	r->status = status;
	r->out = take;
	r->out_type = "application/json";
}

void resp_json_text(struct req *r, int status, struct buf *take)
{
	clear_out(r);
	r->status = status;
	r->out_len = take->len;
	r->out_text = buf_detach(take);
	r->out_type = "application/json";
}

void resp_items(struct req *r, json_t *take)
{
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", take, "next_cursor"));
}

void resp_record(struct req *r, int status, json_t *take)
{
	json_t *v = json_object_get(take, "version");
	resp_json(r, status, take);
	if (json_is_integer(v))
		resp_header(r, "ETag", req_printf(r, "\"%lld\"",
				(long long)json_integer_value(v)));
}

void resp_empty(struct req *r, int status)
{
	clear_out(r);
	r->status = status;
}

void resp_data(struct req *r, int status, const char *type, const char *data,
	       size_t len, int is_static)
{
	clear_out(r);
	r->status = status;
	r->out_type = type;
	r->out_len = len;
	r->out_static = is_static;
	if (is_static) {
		r->out_data = data;
	} else {
		char *p = req_alloc(r, len + 1);
		memcpy(p, data, len);
		p[len] = '\0';
		r->out_data = p;
	}
}

void resp_stream(struct req *r, int status, const char *type,
		 resp_stream_fn next, void (*done)(void *cls), void *cls)
{
	struct resp_stream *s = xcalloc(1, sizeof(*s));
	clear_out(r);
	s->next = next;
	s->done = done;
	s->cls = cls;
	buf_init(&s->part, 0);
	r->status = status;
	r->out_type = type;
	r->out_stream = s;
}

void resp_header(struct req *r, const char *name, const char *value)
{
	for (int i = 0; i < r->nheaders; i++) {
		if (!strcasecmp(r->headers[i].name, name)) {
			r->headers[i].value = req_strdup(r, value);
			return;
		}
	}
	if (r->nheaders >= REQ_MAX_HEADERS)
		FC_BUG("too many response headers");
	r->headers[r->nheaders].name = req_strdup(r, name);
	r->headers[r->nheaders].value = req_strdup(r, value);
	r->nheaders++;
}

void resp_location(struct req *r, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		FC_BUG("out of memory");
	va_end(ap);
	resp_header(r, "Location", s);
	free(s);
}

/* --- JSON bodies --------------------------------------------------------- */

/* Deepest nesting of arrays and objects, outside strings. Stops counting
 * past LIMIT so hostile input costs one pass. */
static int json_depth(const char *s, size_t len, int limit)
{
	int depth = 0, max = 0, in_str = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
			if (max > limit)
				return max;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

static int is_json_type(const char *ct)
{
	size_t n = strlen("application/json");
	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, "application/json", n))
		return 0;
	ct += n;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

int http_json_decode(const char *content_type, const char *data, size_t len,
		     json_t **out, struct fc_error *err, int *status)
{
	json_error_t je;
	size_t bad;
	json_t *j;

	*out = NULL;
	*status = 400;
	if (!is_json_type(content_type)) {
		*status = 415;
		return fc_fail(err, FC_EINVAL, NULL,
			       "the request body must be 'application/json', "
			       "not '%s'", content_type ? content_type : "");
	}
	if (len == 0)
		return fc_fail(err, FC_EINVAL, NULL, "the request body is empty");
	if (!utf8_valid(data, len, &bad))
		return fc_fail(err, FC_EINVAL, NULL,
			       "the request body is not valid UTF-8 (byte %zu)",
			       bad + 1);
	if (json_depth(data, len, HTTP_JSON_MAX_DEPTH) > HTTP_JSON_MAX_DEPTH)
		return fc_fail(err, FC_EINVAL, NULL,
			       "the request body nests deeper than %d levels",
			       HTTP_JSON_MAX_DEPTH);
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return fc_fail(err, FC_EINVAL, NULL,
			       "malformed JSON at line %d, column %d: %s",
			       je.line, je.column, je.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return fc_fail(err, FC_EINVAL, NULL,
			       "the request body must be a JSON object");
	}
	*out = j;
	*status = 0;
	return 0;
}

/* --- problems (RFC 9457) ------------------------------------------------- */

#define PROBLEM_BASE "https://fulcrum.invalid/problems/"

/* Messages may quote client input: bytes that are not UTF-8 become '?'. */
static json_t *safe_string(const char *s)
{
	size_t len = strlen(s), bad;
	char *copy;
	json_t *j;
	if (utf8_valid(s, len, NULL))
		return json_string(s);
	copy = xstrdup(s);
	while (!utf8_valid(copy, len, &bad))
		copy[bad] = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

json_t *http_problem(const struct fc_error *err, int status, const char *path)
{
	json_t *p = json_object();
	int code = err->code ? err->code : FC_ESTORE;
	const char *title = fc_strerror(code);
	char type[160];

	if (code == FC_ERULE && err->rule[0]) {
		snprintf(type, sizeof(type), PROBLEM_BASE "rules/%s", err->rule);
	} else if (err->rule[0]) {
		/* Pipeline refusals with their own name: csrf, rate-limit, ... */
		snprintf(type, sizeof(type), PROBLEM_BASE "%s", err->rule);
	} else {
		snprintf(type, sizeof(type), PROBLEM_BASE "%s",
			 fc_problem_slug(code));
	}
	if (status == 413)
		title = "payload too large";
	else if (status == 415)
		title = "unsupported media type";
	else if (status == 429)
		title = "too many requests";
	else if (status == 405)
		title = "method not allowed";
	json_object_set_new(p, "type", json_string(type));
	json_object_set_new(p, "title", json_string(title));
	json_object_set_new(p, "status", json_integer(status));
	json_object_set_new(p, "detail", safe_string(err->message[0] ?
			    err->message : title));
	if (err->field[0])
		json_object_set_new(p, "field", safe_string(err->field));
	if (code == FC_ERULE && err->rule[0])
		json_object_set_new(p, "rule", json_string(err->rule));
	if (path && utf8_valid(path, strlen(path), NULL))
		json_object_set_new(p, "instance", json_string(path));
	return p;
}
