/* Lead forms: /api/v1/forms (everyone reads, admins write; the rules are
 * core/form.c's) and the public side, GET /forms/{key} (the page) and
 * POST /forms/{key}/submit (a visitor's post, form-encoded or JSON, with
 * CORS for the form's allowed origins; its preflight OPTIONS is answered
 * by the same handler). A post from a form (form-encoded) is answered with
 * an HTML page, a JSON post with JSON or a problem. */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/form.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int forms_list(struct req *r) { return crud_list(r, &entity_form); }
static int forms_get(struct req *r) { return crud_get(r, &entity_form); }
static int forms_update(struct req *r) { return crud_update(r, &entity_form); }
static int forms_delete(struct req *r) { return crud_delete(r, &entity_form); }

static int forms_create(struct req *r)
{
	int64_t id;
	int rc = form_create(&r->ctx, r->body, &id, &r->err);
	return rc ? rc : crud_send(r, &entity_form, id, 201);
}

/* The address people reach Fulcrum at: ?url=, else this request's own
 * (https when the proxy says so). */
static const char *public_url(struct req *r)
{
	const char *url = req_query(r, "url"), *host = req_header(r, "Host");
	const char *proto = r->via_proxy ? req_header(r, "X-Forwarded-Proto") : NULL;
	if (url && *url)
		return url;
	return req_printf(r, "%s://%s", proto && !strcmp(proto, "https") ?
			  "https" : "http", host ? host : "localhost");
}

static int forms_snippet(struct req *r)
{
	struct form_public f;
	json_t *form = NULL;
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = record_get(&r->ctx, &entity_form, id, &form, &r->err)))
		return rc;
	rc = form_public_read(r->db, json_string_value(json_object_get(form,
			      "key")), &f, &r->err);
	json_decref(form);
	if (rc)
		return rc;
	resp_json(r, 200, form_snippet(&f, public_url(r)));
	form_public_release(&f);
	return 0;
}

/* --- the public side ----------------------------------------------------- */

/* The form's own headers: the page may be framed by the form's origins
 * (the iframe snippet) and loads nothing but its inline style; its post
 * names its origin (under no-referrer a browser sends "Origin: null",
 * which the origin check refuses). */
static void page_headers(struct req *r, const struct form_public *f)
{
	struct buf csp = BUF_INIT;
	size_t i;
	json_t *v;
	buf_adds(&csp, "default-src 'none'; style-src 'unsafe-inline'; "
		 "form-action 'self'; base-uri 'none'; frame-ancestors 'self'");
	json_array_foreach(json_object_get(f->form, "origins"), i, v)
		buf_addf(&csp, " %s", json_string_value(v));
	resp_header(r, "Content-Security-Policy", csp.s);
	resp_header(r, "Referrer-Policy", "same-origin");
	buf_release(&csp);
}

static int form_read(struct req *r, struct form_public *f)
{
	int rc = form_public_read(r->db, req_param(r, "key"), f, &r->err);
	if (!rc)
		req_on_cleanup(r, (void (*)(void *))form_public_release, f);
	return rc;
}

static int form_page(struct req *r)
{
	struct form_public *f = req_alloc(r, sizeof(*f));
	struct buf out = BUF_INIT;
	int rc;
	if ((rc = form_read(r, f)))
		return rc;
	form_html_page(f, "", &out);
	resp_data(r, 200, "text/html; charset=utf-8", out.s, out.len, 0);
	page_headers(r, f);
	buf_release(&out);
	return 0;
}

/* --- decoding a post --------------------------------------------------- */

struct form_decode {
	json_t *values;
	int bad;		/* a field given twice, or not UTF-8 */
	char field[64];
};

static enum MHD_Result form_value(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *filename,
				  const char *content_type,
				  const char *transfer_encoding,
				  const char *data, uint64_t off, size_t size)
{
	struct form_decode *d = cls;
	json_t *had = json_object_get(d->values, key), *v;
	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding;
	if (had && off == 0) {
		d->bad = 1;
		snprintf(d->field, sizeof(d->field), "%s", key);
		return MHD_NO;
	}
	if (had) {	/* a long value comes in parts */
		size_t n = json_string_length(had);
		char *joined = xmalloc(n + size + 1);
		memcpy(joined, json_string_value(had), n);
		memcpy(joined + n, data, size);
		v = json_stringn(joined, n + size);
		free(joined);
	} else {
		v = json_stringn(data ? data : "", size);
	}
	if (!v) {
		d->bad = 2;
		snprintf(d->field, sizeof(d->field), "%s", key);
		return MHD_NO;
	}
	json_object_set_new(d->values, key, v);
	return MHD_YES;
}

static int is_type(const char *ct, const char *type)
{
	size_t n = strlen(type);
	return ct && !strncasecmp(ct, type, n) && (ct[n] == '\0' ||
		ct[n] == ';' || ct[n] == ' ');
}

/* The post's fields as {"name": "text"}, from a form's encoding or JSON. */
static int post_values(struct req *r, json_t **out)
{
	const char *ct = req_header(r, "Content-Type");
	struct MHD_PostProcessor *pp;
	struct form_decode d = { 0 };
	int status;

	*out = NULL;
	if (is_type(ct, "application/json")) {
		if (r->raw.len == 0)
			return fc_fail(&r->err, FC_EINVAL, NULL, "the post is empty");
		return http_json_decode(ct, r->raw.s, r->raw.len, out, &r->err,
					&status);
	}
	if (!is_type(ct, "application/x-www-form-urlencoded") &&
	    !is_type(ct, "multipart/form-data"))
		return fc_fail(&r->err, FC_EINVAL, NULL, "post the form as "
			       "application/x-www-form-urlencoded, "
			       "multipart/form-data or application/json");
	d.values = json_object();
	pp = MHD_create_post_processor(r->conn, 1024, form_value, &d);
	if (!pp) {
		json_decref(d.values);
		return fc_fail(&r->err, FC_EINVAL, NULL, "the post cannot be read "
			       "as a form");
	}
	if (r->raw.len && MHD_post_process(pp, r->raw.s, r->raw.len) != MHD_YES &&
	    !d.bad)
		d.bad = 3;
	MHD_destroy_post_processor(pp);
	if (d.bad) {
		json_decref(d.values);
		return fc_fail(&r->err, FC_EINVAL, d.bad == 3 ? NULL : d.field,
			       d.bad == 1 ? "'%s' is given twice" :
			       d.bad == 2 ? "'%s' is not valid UTF-8 text" :
			       "the post is not a well-formed form%s", d.field);
	}
	*out = d.values;
	return 0;
}

/* --- CORS and the post --------------------------------------------------- */

/* The headers that let a browser at ORIGIN read the answer. */
static void cors_headers(struct req *r, const char *origin)
{
	resp_header(r, "Vary", "Origin");
	if (origin)
		resp_header(r, "Access-Control-Allow-Origin", origin);
}

/* A refusal as the poster reads it: an HTML page for a form's post, the
 * problem (by the pipeline) for JSON. */
static int refuse_post(struct req *r, const struct form_public *f, int rc,
		       int html)
{
	struct buf out = BUF_INIT;
	int status;
	if (!html || !f)
		return rc;
	status = r->retry_after > 0 ? 429 : fc_http_status(rc);
	if (r->retry_after > 0)
		resp_header(r, "Retry-After", req_printf(r, "%lld",
			    (long long)r->retry_after));
	form_html_answer(f, &r->err, &out);
	resp_data(r, status, "text/html; charset=utf-8", out.s, out.len, 0);
	page_headers(r, f);
	buf_release(&out);
	return 0;
}

static int form_submit_post(struct req *r)
{
	struct form_public *f = req_alloc(r, sizeof(*f));
	const char *origin = req_header(r, "Origin");
	const char *ct = req_header(r, "Content-Type");
	int html = !is_type(ct, "application/json");
	struct form_post p = { 0 };
	json_t *values = NULL;
	int64_t contact;
	int rc;

	if ((rc = form_read(r, f)))
		return rc;
	if ((rc = form_origin_check(f, origin, req_header(r, "Host"), &r->err)))
		return refuse_post(r, f, rc, html);
	if (!strcmp(r->method, "OPTIONS")) {	/* the preflight */
		cors_headers(r, origin);
		resp_header(r, "Access-Control-Allow-Methods", "POST");
		resp_header(r, "Access-Control-Allow-Headers", "Content-Type");
		resp_header(r, "Access-Control-Max-Age", "600");
		resp_empty(r, 204);
		return 0;
	}
	cors_headers(r, origin);
	if ((rc = form_limit_count(r->db, f->org_id, r->client_addr, r->ctx.now,
				   &r->retry_after, &r->err)))
		return refuse_post(r, f, rc, html);
	if (r->raw.len > FORM_BODY_MAX) {
		p.size = r->raw.len;	/* form_submit() refuses it unread */
		values = json_object();
	} else if ((rc = post_values(r, &values))) {
		return refuse_post(r, f, rc, html);
	}
	p.values = values;
	p.size = r->raw.len;
	p.origin = origin;
	rc = form_submit(r->db, f, &p, r->ctx.now, &contact, &r->err);
	json_decref(values);
	if (rc)
		return refuse_post(r, f, rc, html);
	if (html) {
		struct buf out = BUF_INIT;
		form_html_answer(f, NULL, &out);
		resp_data(r, 200, "text/html; charset=utf-8", out.s, out.len, 0);
		page_headers(r, f);
		buf_release(&out);
	} else {
		const char *thanks = json_string_value(json_object_get(f->form,
								       "thanks"));
		resp_json(r, 200, json_pack("{s:b, s:s?}", "received", 1,
					    "thanks", thanks));
	}
	return 0;
}

static const struct route_query snippet_query[] = {
	{ "url", "the address people reach Fulcrum at (default: this "
	  "request's)", "string" },
	{ NULL, NULL, NULL }
};

const struct route routes_forms[] = {
	{ "GET", "/api/v1/forms", forms_list, 0, "List lead forms" },
	{ "POST", "/api/v1/forms", forms_create, ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Create a lead form with a new key (admins)" },
	{ "GET", "/api/v1/forms/{id}", forms_get, 0, "Read a lead form" },
	{ "PATCH", "/api/v1/forms/{id}", forms_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH | ROUTE_ADMIN,
	  "Change a lead form (admins)" },
	{ "DELETE", "/api/v1/forms/{id}", forms_delete,
	  ROUTE_IF_MATCH | ROUTE_ADMIN, "Remove a lead form (admins)" },
	{ "GET", "/api/v1/forms/{id}/snippet", forms_snippet, 0,
	  "The form's embed snippets: its page, a plain HTML form, an iframe",
	  .doc = { .result = "FormSnippet", .query = snippet_query } },
	{ "GET", "/forms/{key}", form_page, ROUTE_PUBLIC,
	  "A lead form's page: a plain HTML form for visitors (no sign-in)",
	  .doc = { .result = "text/html", .flags = DOC_TEXT } },
	{ "POST", "/forms/{key}/submit", form_submit_post,
	  ROUTE_PUBLIC | ROUTE_PREFLIGHT,
	  "A visitor's post to a lead form (no sign-in; CORS, OPTIONS too)",
	  .doc = { .body = "application/x-www-form-urlencoded "
		   "multipart/form-data application/json",
		   .result = "application/json text/html",
		   .flags = DOC_RAW_BODY | DOC_TEXT | DOC_RULES | DOC_PUBLIC_POST } },
	ROUTE_END
};
