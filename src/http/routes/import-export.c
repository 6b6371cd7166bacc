/* POST /api/v1/import/{accounts|contacts|leads|deals|history|users|
 * activities|vcard} and
 * GET /api/v1/export/{accounts|contacts|deals|interactions|next-steps|
 * vcard|ical|json}: the CLI's import and export with the same options as
 * query parameters (preset, map, stage_map, delimiter, date_format,
 * dry_run, on_duplicate, resume, batch, allow_duplicates, leads,
 * keep_unmapped; list
 * filters, q,
 * version, raw:
 * CSV cells that a spreadsheet could take for a formula are guarded with a
 * leading apostrophe unless raw=true).
 * The import body is the file itself; the answer is the import summary
 * with the rejected rows and their reasons (and, with rejected_rows=true,
 * those rows as CSV to download). POST /api/v1/import/{kind}/preview
 * answers the header, the first rows and the column map without writing.
 * A JSON restore is a CLI operation on an empty database and has no
 * route. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/export.h"
#include "core/import/import.h"
#include "http/routes/routes.h"
#include "io/csv-reader.h"
#include "io/value-parse.h"
#include "store/pool.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define EXPORT_BODY_MAX ((size_t)256 << 20)

static int query_flag(struct req *r, const char *key)
{
	const char *v = req_query(r, key);
	return v && (!*v || !strcmp(v, "true") || !strcmp(v, "1"));
}

static int import_route(struct req *r)
{
	const char *format = req_param(r, "format"), *v;
	struct import_options o;
	struct import_summary s;
	char hash[65], *rej = NULL;
	size_t rejlen = 0;
	int rc, kind = -1;
	FILE *f = NULL;

	memset(&o, 0, sizeof(o));
	import_summary_init(&s);
	if (!strcmp(format, "leads")) {	/* another CRM's leads: contacts */
		format = "contacts";
		o.leads = 1;
	}
	/* another CRM's users (admins) and activities: import.h */
	int users = !strcmp(format, "users"), acts = !strcmp(format, "activities");
	if (strcmp(format, "vcard") && !users && !acts &&
	    (kind = import_kind_parse(format)) < 0) {
		rc = fc_fail(&r->err, FC_ENOTFOUND, "format", "cannot import '%s': "
			     "accounts, contacts, leads, deals, history, users, "
			     "activities or vcard", format);
		goto out;
	}
	if (users || acts)
		kind = IMPORT_CONTACTS;	/* read as a CSV; the kind is unused */
	o.kind = kind < 0 ? IMPORT_CONTACTS : (enum import_kind)kind;
	for (const char *const *n = import_option_names; *n; n++)
		if ((v = req_query(r, *n)) &&
		    (rc = import_option_set(&o, *n, v, &r->err)))
			goto out;
	if (kind < 0) {
		rc = import_vcard(&r->ctx, r->raw.s, r->raw.len, &o, &s, &r->err);
	} else {
		if (!(f = fmemopen(r->raw.len ? r->raw.s : (char *)"", r->raw.len ?
				   r->raw.len : 1, "rb"))) {
			rc = fc_fail(&r->err, FC_ESTORE, NULL, "cannot read the body");
			goto out;
		}
		if (!r->raw.len) {
			rc = fc_fail(&r->err, FC_EINVAL, NULL, "the body is empty: send "
				     "the CSV file");
			goto out;
		}
		if ((rc = import_hash_stream(f, hash, &r->err)))
			goto out;
		o.input_hash = hash;
		if (query_flag(r, "rejected_rows") &&
		    !(o.rejected = open_memstream(&rej, &rejlen))) {
			rc = fc_fail(&r->err, FC_ESTORE, NULL, "out of memory");
			goto out;
		}
		rc = users ? import_users(&r->ctx, f, &o, &s, &r->err) :
		     acts ? import_activities(&r->ctx, f, &o, &s, &r->err) :
		     import_csv(&r->ctx, f, &o, &s, &r->err);
	}
	if (!rc) {
		json_t *sum = import_summary_json(&s, o.dry_run);
		if (o.rejected) {
			fclose(o.rejected);
			o.rejected = NULL;
			/* only when a row was rejected, skipped, merged or flagged
			 * with why: the header alone says nothing */
			json_object_set_new(sum, "rejected_rows", (s.rejected ||
					    json_array_size(s.decisions)) && rej ?
					    json_stringn(rej, rejlen) : json_null());
		}
		resp_json(r, o.dry_run ? 200 : 201, sum);
	}
out:
	if (o.rejected)
		fclose(o.rejected);
	free(rej);
	if (f)
		fclose(f);
	import_summary_release(&s);
	return rc;
}

/* The header, the first rows and the column map an import of the body
 * would use, so the column map can be checked and changed first. */
static int preview_route(struct req *r)
{
	const char *format = req_param(r, "format"), *v;
	static const char *const opts[] = { "preset", "map", "delimiter",
		"on_duplicate", "allow_duplicates", "keep_unmapped", NULL };
	struct import_options o;
	int64_t rows;
	json_t *out = NULL;
	FILE *f;
	/* leads are contacts, their columns the same */
	int rc, kind = import_kind_parse(strcmp(format, "leads") ? format
					 : "contacts");

	memset(&o, 0, sizeof(o));
	if (kind < 0)
		return fc_fail(&r->err, FC_ENOTFOUND, "format", "cannot preview "
			       "'%s': accounts, contacts, leads, deals or history",
			       format);
	o.kind = (enum import_kind)kind;
	o.leads = !strcmp(format, "leads");
	for (const char *const *n = opts; *n; n++)
		if ((v = req_query(r, *n)) &&
		    (rc = import_option_set(&o, *n, v, &r->err)))
			return rc;
	if ((rc = req_query_int(r, "rows", 0, IMPORT_PREVIEW_ROWS_MAX, 5, &rows)))
		return rc;
	if (!r->raw.len)
		return fc_fail(&r->err, FC_EINVAL, NULL, "the body is empty: send the "
			       "CSV file");
	if (!(f = fmemopen(r->raw.s, r->raw.len, "rb")))
		return fc_fail(&r->err, FC_ESTORE, NULL, "cannot read the body");
	rc = import_preview(f, &o, (int)rows, &out, &r->err);
	if (!rc) {
		/* each row as the import would take it: likely duplicates too */
		json_t *checks = NULL;
		rewind(f);
		if ((rc = import_preview_check(&r->ctx, f, &o, (int)rows, &checks,
					       &r->err)))
			json_decref(out);
		else
			json_object_set_new(out, "checks", checks);
	}
	fclose(f);
	if (!rc)
		resp_json(r, 200, out);
	return rc;
}

/* A streamed export: it keeps the request's database connection and a
 * copy of its acting user until the response is gone. */
struct http_export {
	struct fc_ctx ctx;
	struct db *db;
	struct db_pool *pool;
	struct export_stream *x;
	struct buf first;	/* the batch made by the handler */
	int sent_first, last;
};

static int export_next(void *cls, struct buf *out)
{
	struct http_export *h = cls;
	struct fc_error err;
	int rc;
	if (!h->sent_first) {
		h->sent_first = 1;
		buf_add(out, h->first.s, h->first.len);
		return h->last ? 0 : 1;
	}
	fc_error_clear(&err);
	rc = export_stream_next(h->x, out, &err);
	if (rc < 0)
		fprintf(stderr, "http export cut short: %s\n", err.message);
	return rc;
}

static void export_done(void *cls)
{
	struct http_export *h = cls;
	export_stream_close(h->x);
	db_pool_release(h->pool, h->db);
	buf_release(&h->first);
	free(h);
}

/* Makes the first batch here, so that a refusal (a filter, the backup for
 * a non-admin) still gets its status, then streams the rest. */
static int export_stream_route(struct req *r, enum export_kind kind,
			       const struct entity *e,
			       const struct list_query *q, int option,
			       const char *type)
{
	struct http_export *h = xcalloc(1, sizeof(*h));
	int rc;

	h->ctx = r->ctx;
	buf_init(&h->first, 0);
	rc = export_stream_open(&h->ctx, kind, e, q, option, &h->x, &r->err);
	if (!rc) {
		rc = export_stream_next(h->x, &h->first, &r->err);
		h->last = rc == 0;
	}
	if (rc < 0) {
		export_stream_close(h->x);
		buf_release(&h->first);
		free(h);
		return rc;
	}
	h->db = r->db;
	h->pool = http_db_pool(r);
	r->db = NULL;
	r->ctx.db = NULL;
	resp_stream(r, 200, type, export_next, export_done, h);
	return 0;
}

static int export_route(struct req *r)
{
	const char *format = req_param(r, "format");
	const struct entity *e = export_list_entity(format);
	struct list_query q;
	const char *type = "text/csv; charset=utf-8", *ext = "csv";
	int rc;

	memset(&q, 0, sizeof(q));
	if (e || !strcmp(format, "vcard")) {
		if ((rc = req_list_query(r, e ? e : &entity_contact, &q)))
			return rc;
		/* options, not filters */
		json_object_del(q.filters, "version");
		json_object_del(q.filters, "safe");
		json_object_del(q.filters, "raw");
	}
	if (e) {
		rc = export_stream_route(r, EXPORT_CSV, e, &q, query_flag(r, "raw") ?
					 0 : CSV_WRITE_SAFE, type);
	} else if (!strcmp(format, "vcard")) {
		int64_t version;
		if ((rc = req_query_int(r, "version", 3, 4, 4, &version)))
			return rc;
		type = "text/vcard; charset=utf-8";
		ext = "vcf";
		rc = export_stream_route(r, EXPORT_VCARD, NULL, &q, (int)version,
					 type);
	} else if (!strcmp(format, "ical")) {
		/* bounded by EXPORT_ICAL_MAX items: made whole */
		struct buf out;
		buf_init(&out, EXPORT_BODY_MAX);
		type = "text/calendar; charset=utf-8";
		ext = "ics";
		rc = export_ical(&r->ctx, &out, &r->err);
		if (rc == FC_ESTORE && out.overflow)
			rc = fc_fail(&r->err, FC_ELIMIT, NULL, "the calendar is "
				     "larger than %zu bytes", EXPORT_BODY_MAX);
		if (!rc)
			resp_data(r, 200, type, out.s, out.len, 0);
		buf_release(&out);
	} else if (!strcmp(format, "json")) {
		type = "application/json";
		ext = "json";
		rc = export_stream_route(r, EXPORT_JSON, NULL, NULL, 0, type);
	} else {
		rc = fc_fail(&r->err, FC_ENOTFOUND, "format", "cannot export '%s': "
			     "accounts, contacts, deals, interactions, next-steps, "
			     "vcard, ical or json", format);
	}
	if (!rc) {
		char *disp = req_printf(r, "attachment; filename=\"%s.%s\"", format, ext);
		resp_header(r, "Content-Disposition", disp);
	}
	return rc;
}

static const struct route_query export_query[] = {
	{ "raw", "CSV cells as they are: without it a cell that a spreadsheet "
	  "could take for a formula (starting, after spaces, with = + - @ tab "
	  "or CR, and not a plain number) gets a leading apostrophe" },
	{ NULL, NULL },
};

static const struct route_query preview_query[] = {
	{ "preset", "the other CRM whose export this is (see the import route)" },
	{ "map", "'Their Column=field' pairs, by comma or one a line" },
	{ "delimiter", ", ; | or tab; detected when not given" },
	{ "rows", "data rows to show: 0-100, 5 when not given" },
	{ "on_duplicate", "skip, update or error: what the answer's checks say "
	  "the import would do with a row for a record that is there" },
	{ "allow_duplicates", "true: the checks take the rows that are only "
	  "likely duplicates as the import with it would (created, flagged)" },
	{ "keep_unmapped", "true: as the import's" },
	{ NULL, NULL },
};

static const struct route_query import_query[] = {
	{ "allow_duplicates", "true: create the rows that are only likely "
	  "duplicates of a record (a phone, a similar name at the account, "
	  "a domain; core/duplicate.h) instead of rejecting them with the "
	  "evidence" },
	{ "leads", "true: the contacts are another CRM's leads (the same as "
	  "format leads): kept with their status, open ones to engage, a "
	  "converted one linked to the contact it became" },
	{ "keep_unmapped", "true: keep the columns no field takes, in the "
	  "custom field of that key or label, else (contacts) in the notes "
	  "after 'Imported fields: '" },
	{ "rejected_rows", "true: the answer's rejected_rows holds the rejected "
	  "rows as CSV, the file's columns and a reason column, and the rows "
	  "skipped, merged or flagged as likely duplicates, their reason "
	  "starting 'skipped: ', 'updated: ' or 'flagged: ' (null when there "
	  "are none); the summary's flagged counts the rows imported and listed "
	  "as likely duplicates, its decisions says why each such row went as "
	  "it did" },
	{ NULL, NULL },
};

const struct route routes_import_export[] = {
	{ "POST", "/api/v1/import/{format}", import_route, ROUTE_MANAGER,
	  "import a CSV or vCard file (the body); answers the summary",
	  .doc = { .body = "text/csv text/vcard", .status = 201,
		   .flags = DOC_RAW_BODY | DOC_DRY_RUN | DOC_CONFLICT,
		   .query = import_query } },
	{ "POST", "/api/v1/import/{format}/preview", preview_route, ROUTE_MANAGER,
	  "preview an import of the CSV body: its column map, first rows and "
	  "what a dry run does with each row, and why",
	  .doc = { .body = "text/csv", .flags = DOC_RAW_BODY,
		   .query = preview_query } },
	{ "GET", "/api/v1/export/{format}", export_route, 0,
	  "export a list as CSV, contacts as vCard, the calendar, or a JSON backup",
	  .doc = { .result = "text/csv text/vcard text/calendar "
			     "application/json",
		   .flags = DOC_TEXT, .query = export_query } },
	ROUTE_END
};
