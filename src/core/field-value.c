/* Custom field values: each type's rules (amounts through money_from_json,
 * dates through date_parse, choices from the definition's list, links to
 * records the user may see), and reading, writing, filtering and the text
 * search takes from them. See field.h; definitions are in field.c. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/display.h"
#include "core/field.h"
#include "core/money.h"
#include "util/date.h"
#include "util/json-write.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* numbers beyond this lose digits in a double: refused, not rounded */
#define NUMBER_ABS_MAX 1e15

void field_value_release(struct field_value *v)
{
	free(v->text);
	memset(v, 0, sizeof(*v));
}

static int bad(const struct field_def *d, struct fc_error *err,
	       const char *what)
{
	int rc = fc_refuse(err, "custom-field", "'%s' %s", d->label, what);
	if (err)
		snprintf(err->field, sizeof(err->field), "custom.%s", d->key);
	return rc;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* A decimal number as people write it: digits, one point, a sign and an
 * exponent; not hex, inf or nan, which strtod() would take. */
static int number_read(const char *s, double *out)
{
	char *end;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p))
			return -1;
	*out = strtod(s, &end);
	return *s && !*end ? 0 : -1;
}

static int yesno_read(const char *s, int64_t *out)
{
	static const char *const yes[] = { "yes", "true", "1", "y", NULL };
	static const char *const no[] = { "no", "false", "0", "n", NULL };
	for (int i = 0; yes[i]; i++) {
		if (!strcasecmp(s, yes[i]))
			return (int)(*out = 1) - 1;
		if (!strcasecmp(s, no[i]))
			return (int)(*out = 0);
	}
	return -1;
}

int field_value_parse(const struct field_def *d, json_t *v,
		      struct field_value *out, struct fc_error *err)
{
	const char *s = json_string_value(v);
	char msg[200];

	memset(out, 0, sizeof(*out));
	if (!v || json_is_null(v) || (s && blank(s)))
		return 1;
	if (s && memchr(s, '\0', json_string_length(v)))
		return bad(d, err, "contains a NUL byte");
	switch (d->type) {
	case CF_TEXT:
		if (!s)
			return bad(d, err, "must be a text");
		if (json_string_length(v) > FIELD_TEXT_MAX) {
			snprintf(msg, sizeof(msg), "is longer than %d bytes",
				 FIELD_TEXT_MAX);
			return bad(d, err, msg);
		}
		out->text = xstrdup(s);
		return 0;
	case CF_NUMBER: {
		double x;
		char text[40];
		if (json_is_number(v))
			x = json_number_value(v);
		else if (!s || number_read(s, &x))
			return bad(d, err, "must be a number");
		if (!isfinite(x) || fabs(x) >= NUMBER_ABS_MAX)
			return bad(d, err, "must be a number below 10^15");
		if (json_is_integer(v))
			snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
				 json_integer_value(v));
		else
			snprintf(text, sizeof(text), "%.15g", x);
		out->text = xstrdup(text);
		return 0;
	}
	case CF_MONEY: {
		struct fc_error sub = { 0 };
		if (!s && !json_is_number(v))
			return bad(d, err, "must be an amount");
		if (money_from_json(v, d->currency, d->label, &out->number, &sub)) {
			int rc = fc_refuse(err, "custom-field", "%s (in %s)", sub.message,
					   d->currency);
			if (err)
				snprintf(err->field, sizeof(err->field), "custom.%s",
					 d->key);
			return rc;
		}
		out->has_number = 1;
		return 0;
	}
	case CF_DATE: {
		int32_t day;
		char text[DATE_LEN];
		if (!s || date_parse(s, &day))
			return bad(d, err, "must be a date YYYY-MM-DD");
		date_format(day, text);
		out->text = xstrdup(text);
		return 0;
	}
	case CF_CHOICE: {
		size_t i;
		json_t *c;
		if (!s)
			return bad(d, err, "must be one of its choices");
		json_array_foreach(d->choices, i, c) {
			if (!strcmp(json_string_value(c), s)) {
				out->text = xstrdup(s);
				return 0;
			}
		}
		struct buf list = BUF_INIT;
		json_array_foreach(d->choices, i, c)
			buf_addf(&list, "%s%s", i ? "|" : "", json_string_value(c));
		snprintf(msg, sizeof(msg), "must be one of %.120s, not '%.40s'",
			 list.s, s);
		buf_release(&list);
		return bad(d, err, msg);
	}
	case CF_YESNO:
		if (json_is_boolean(v))
			out->number = json_is_true(v);
		else if (json_is_integer(v) && (json_integer_value(v) == 0 ||
						json_integer_value(v) == 1))
			out->number = json_integer_value(v);
		else if (!s || yesno_read(s, &out->number))
			return bad(d, err, "must be yes or no");
		out->has_number = 1;
		return 0;
	case CF_CONTACT:
	case CF_ACCOUNT: {
		char *end = NULL;
		long long id = json_is_integer(v) ? (long long)json_integer_value(v)
			       : s ? strtoll(s, &end, 10) : 0;
		if ((s && (*end || end == s)) || id <= 0) {
			snprintf(msg, sizeof(msg), "must be the id of %s",
				 d->type == CF_CONTACT ? "a contact" : "an account");
			return bad(d, err, msg);
		}
		out->number = id;
		out->has_number = 1;
		return 0;
	}
	}
	return bad(d, err, "has an unknown type");
}

json_t *field_value_json(const struct field_def *d, const char *text,
			 int has_number, int64_t number)
{
	switch (d->type) {
	case CF_NUMBER: {
		double x = text ? strtod(text, NULL) : 0;
		if (x == (double)(int64_t)x && !strpbrk(text ? text : "", ".eE"))
			return json_integer((json_int_t)x);
		return json_real(x);
	}
	case CF_MONEY:
		return has_number ? money_json(number, d->currency) : json_null();
	case CF_YESNO:
		return has_number ? json_boolean(number) : json_null();
	case CF_CONTACT:
	case CF_ACCOUNT:
		return has_number ? json_integer(number) : json_null();
	default:
		return text ? json_string(text) : json_null();
	}
}

void field_value_text(const struct field_def *d, json_t *v, struct buf *out)
{
	char text[64];
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v)) {
		buf_add(out, json_string_value(v), json_string_length(v));
		return;
	}
	if (d->type == CF_MONEY)
		money_format(money_json_minor(v, d->currency), d->currency, text,
			     sizeof(text));
	else if (json_is_boolean(v))
		snprintf(text, sizeof(text), "%s", json_is_true(v) ? "yes" : "no");
	else if (json_is_integer(v))
		snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
	else
		snprintf(text, sizeof(text), "%.15g", json_number_value(v));
	buf_adds(out, text);
}

static const struct field_def *def_by_key(const struct field_def *defs, int n,
					  const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(defs[i].key, key))
			return &defs[i];
	return NULL;
}

/* A link must name a record the acting user may see. */
static int link_check(struct fc_ctx *ctx, const struct field_def *d,
		      int64_t id, struct fc_error *err)
{
	const struct entity *e = d->type == CF_CONTACT ? &entity_contact
			       : &entity_account;
	struct fc_error sub = { 0 };
	char msg[120];
	int rc = record_check_access(ctx, e, id, 0, &sub);
	if (rc == FC_ENOTFOUND) {
		snprintf(msg, sizeof(msg), "links to no %s %" PRId64, e->name, id);
		return bad(d, err, msg);
	}
	if (rc && err)
		*err = sub;
	return rc;
}

/* The value of field D of record ID as JSON (null when unset). */
static int value_get(struct fc_ctx *ctx, const struct field_def *d, int64_t id,
		     json_t **out, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT text_value, number_value "
		"FROM custom_values WHERE org_id = ? AND kind = ? AND record_id = ? "
		"AND field_id = ?");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "isii", ctx->org_id, d->kind, id, d->id);
	rc = db_step(st);
	*out = rc > 0 ? field_value_json(d, db_col_text(st, 0),
					 !db_col_is_null(st, 1), db_col_int(st, 1))
		      : json_null();
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* Replaces record ID's value of field D with FV (nothing: cleared). */
static int value_store(struct fc_ctx *ctx, const struct field_def *d,
		       int64_t id, const struct field_value *fv,
		       struct fc_error *err)
{
	int rc = db_run(ctx->db, "DELETE FROM custom_values WHERE org_id = ? AND "
			"kind = ? AND record_id = ? AND field_id = ?", "isii",
			ctx->org_id, d->kind, id, d->id);
	if (rc >= 0 && fv->has_number)
		rc = db_run(ctx->db, "INSERT INTO custom_values (org_id, kind, "
			    "record_id, field_id, number_value) VALUES (?, ?, ?, ?, ?)",
			    "isiii", ctx->org_id, d->kind, id, d->id, fv->number);
	else if (rc >= 0 && fv->text)
		rc = db_run(ctx->db, "INSERT INTO custom_values (org_id, kind, "
			    "record_id, field_id, text_value) VALUES (?, ?, ?, ?, ?)",
			    "isiis", ctx->org_id, d->kind, id, d->id, fv->text);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int field_values_write(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		       json_t *in, json_t **changes, struct fc_error *err)
{
	const char *kind = field_kind_of(e), *key;
	struct field_def *defs = NULL;
	int n = 0, rc = 0;
	json_t *v;

	if (changes)
		*changes = NULL;
	if (!in || json_is_null(in))
		return 0;
	if (!kind)
		return fc_fail(err, FC_EINVAL, "custom", "a %s has no custom fields",
			       e->name);
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, "custom", "'custom' must be an object "
			       "of field keys and values");
	if ((rc = field_defs_load(ctx, kind, 0, &defs, &n, err)))
		return rc;
	json_t *log = json_object();
	json_object_foreach(in, key, v) {
		const struct field_def *d = def_by_key(defs, n, key);
		struct field_value fv;
		json_t *was = NULL, *now;
		if (!d) {
			rc = fc_refuse(err, "custom-field", "a %s has no field '%.60s' "
				       "(see 'fulcrum field list')", kind, key);
			if (err)
				snprintf(err->field, sizeof(err->field), "custom.%.50s",
					 key);
			goto out;
		}
		int unset = field_value_parse(d, v, &fv, err);
		if (unset < 0) {
			rc = unset;
			goto out;
		}
		if (!unset && (d->type == CF_CONTACT || d->type == CF_ACCOUNT) &&
		    (rc = link_check(ctx, d, fv.number, err))) {
			field_value_release(&fv);
			goto out;
		}
		if ((rc = value_get(ctx, d, id, &was, err))) {
			field_value_release(&fv);
			goto out;
		}
		if ((rc = value_store(ctx, d, id, &fv, err))) {
			json_decref(was);
			field_value_release(&fv);
			goto out;
		}
		now = unset ? json_null() : field_value_json(d, fv.text,
							       fv.has_number, fv.number);
		if (!json_equal(was, now))
			json_object_set_new(log, key, json_pack("[o, o]", was, now));
		else {
			json_decref(was);
			json_decref(now);
		}
		field_value_release(&fv);
		rc = 0;
	}
out:
	field_defs_free(defs, n);
	if (!rc && changes && json_object_size(log))
		*changes = log;
	else
		json_decref(log);
	return rc;
}

int field_values_forget(struct fc_ctx *ctx, const struct entity *e,
			int64_t id, struct fc_error *err)
{
	const char *kind = field_kind_of(e);
	if (!kind)
		return 0;
	if (db_run(ctx->db, "DELETE FROM custom_values WHERE org_id = ? AND kind = ? "
		   "AND record_id = ?", "isi", ctx->org_id, kind, id) < 0 ||
	    db_run(ctx->db, "DELETE FROM custom_values WHERE org_id = ? AND "
		   "number_value = ? AND field_id IN (SELECT id FROM custom_fields "
		   "WHERE org_id = ? AND type = ?)", "iiis", ctx->org_id, id,
		   ctx->org_id, kind) < 0)
		return db_error(ctx->db, err);
	return 0;
}

/* A page's record id and its place on the page, sorted by id. */
struct id_slot {
	int64_t id;
	int k;
};

static int id_slot_cmp(const void *a, const void *b)
{
	const struct id_slot *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Writes the "custom" object of each of the N records IDS of E into
 * OUT[k], from one query: live fields only, unset ones absent, "{}" for
 * none. *HAS is 0 (and nothing written) when E has no custom fields. */
int field_values_text(struct fc_ctx *ctx, const struct entity *e,
		      const int64_t *ids, int n, struct buf *out, int *has,
		       struct fc_error *err)
{
	const char *kind = field_kind_of(e);
	struct field_def *defs = NULL;
	struct id_slot *slots = NULL;
	struct db_stmt *st = NULL;
	struct buf sql = BUF_INIT;
	int ndefs = 0, rc = 0;

	*has = kind != NULL;
	if (!kind || n <= 0)
		return 0;
	if ((rc = field_defs_load(ctx, kind, 0, &defs, &ndefs, err)))
		goto out;
	if (!ndefs)
		goto close;
	slots = xcalloc((size_t)n, sizeof(*slots));
	buf_adds(&sql, "SELECT record_id, field_id, text_value, number_value FROM "
		 "custom_values WHERE org_id = ? AND kind = ? AND record_id IN (");
	for (int k = 0; k < n; k++) {
		slots[k].id = ids[k];
		slots[k].k = k;
		buf_addf(&sql, "%s%" PRId64, k ? ", " : "", ids[k]);
	}
	buf_adds(&sql, ")");
	qsort(slots, (size_t)n, sizeof(*slots), id_slot_cmp);
	if (!(st = db_prepare(ctx->db, sql.s))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bindf(st, "is", ctx->org_id, kind);
	while ((rc = db_step(st)) > 0) {
		struct id_slot key = { db_col_int(st, 0), 0 }, *at;
		int64_t fid = db_col_int(st, 1);
		const struct field_def *d = NULL;
		for (int k = 0; k < ndefs && !d; k++)
			if (defs[k].id == fid)
				d = &defs[k];
		if (!d)
			continue;	/* archived */
		at = bsearch(&key, slots, (size_t)n, sizeof(*slots), id_slot_cmp);
		if (!at)
			continue;
		/* one value per record and field (the table's key): no key
		 * is written twice */
		struct buf *o = &out[at->k];
		struct jw w;
		buf_addch(o, o->len ? ',' : '{');
		json_escape(o, d->key, strlen(d->key));
		buf_addch(o, ':');
		jw_init(&w, o);
		json_t *v = field_value_json(d, db_col_text(st, 2),
					     !db_col_is_null(st, 3),
					     db_col_int(st, 3));
		jw_value(&w, v);
		json_decref(v);
	}
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = 0;
close:
	for (int k = 0; k < n; k++) {
		if (out[k].len)
			buf_addch(&out[k], '}');
		else
			buf_adds(&out[k], "{}");
	}
out:
	db_done(st);
	buf_release(&sql);
	free(slots);
	field_defs_free(defs, ndefs);
	return rc;
}

int field_values_attach(struct fc_ctx *ctx, const struct entity *e,
			json_t *items, struct fc_error *err)
{
	size_t n = json_is_array(items) ? json_array_size(items) : 1;
	int64_t *ids;
	struct buf *out;
	int has = 0, rc;

	if (!items || !field_kind_of(e) || !n)
		return 0;
	ids = xcalloc(n, sizeof(*ids));
	out = xcalloc(n, sizeof(*out));
	for (size_t k = 0; k < n; k++) {
		json_t *rec = json_is_array(items) ? json_array_get(items, k)
						   : items;
		ids[k] = json_integer_value(json_object_get(rec, "id"));
		buf_init(&out[k], 0);
	}
	rc = field_values_text(ctx, e, ids, (int)n, out, &has, err);
	for (size_t k = 0; k < n; k++) {
		json_t *rec = json_is_array(items) ? json_array_get(items, k)
						   : items;
		if (!rc && has)
			json_object_set_new(rec, "custom",
					    json_loadb(out[k].s, out[k].len, 0, NULL));
		buf_release(&out[k]);
	}
	free(out);
	free(ids);
	return rc;
}

int field_filter_sql(struct fc_ctx *ctx, const struct entity *e,
		     const char *key, json_t *v, struct qb *q,
		     struct fc_error *err)
{
	const char *kind = field_kind_of(e);
	struct field_def *defs = NULL;
	int n = 0, rc;
	size_t i, count = json_is_array(v) ? json_array_size(v) : 1;

	if (!kind)
		return fc_fail(err, FC_EINVAL, key, "a %s has no custom fields",
			       e->name);
	if ((rc = field_defs_load(ctx, kind, 0, &defs, &n, err)))
		return rc;
	const struct field_def *d = def_by_key(defs, n, key);
	if (!d) {
		rc = fc_refuse(err, "custom-field", "a %s has no field '%.60s' to "
			       "filter by", kind, key);
		goto out;
	}
	if (count == 0 || count > 50) {
		rc = fc_fail(err, FC_EINVAL, key, "filter 'custom.%s' takes 1 to 50 "
			     "values", key);
		goto out;
	}
	if (json_is_null(v)) {
		qb_sql(q, " AND t.id NOT IN (SELECT record_id FROM custom_values WHERE "
		       "org_id = ? AND kind = ? AND field_id = ?)");
		qb_int(q, ctx->org_id);
		qb_text(q, kind);
		qb_int(q, d->id);
		goto out;
	}
	qb_sql(q, " AND t.id IN (SELECT record_id FROM custom_values WHERE org_id "
	       "= ? AND kind = ? AND field_id = ? AND %s IN (",
	       d->type == CF_MONEY || d->type == CF_YESNO || d->type == CF_CONTACT ||
	       d->type == CF_ACCOUNT ? "number_value" : "text_value");
	qb_int(q, ctx->org_id);
	qb_text(q, kind);
	qb_int(q, d->id);
	for (i = 0; i < count; i++) {
		struct field_value fv;
		json_t *one = json_is_array(v) ? json_array_get(v, i) : v;
		int unset = field_value_parse(d, one, &fv, err);
		if (unset) {
			rc = unset < 0 ? unset : bad(d, err, "filter needs a value");
			goto out;
		}
		qb_sql(q, i ? ", ?" : "?");
		if (fv.has_number)
			qb_int(q, fv.number);
		else
			qb_text(q, fv.text);
		field_value_release(&fv);
	}
	qb_sql(q, "))");
out:
	field_defs_free(defs, n);
	return rc;
}

#define REQUIRED_CHUNK 80	/* deals per query, within QB_MAX_BINDS */

/* Calls FN for the deals of a chunk (AT to AT + M) whose step is the one
 * field LABEL is required to leave, with whether each has a value (SEEN). */
static void required_emit(int at, int m, const char *const *steps,
			  const char *label, const char *step, const char *seen,
			  void (*fn)(void *data, int i, const char *label, int set),
			  void *data)
{
	for (int i = 0; i < m; i++)
		if (!strcmp(steps[at + i], step))
			fn(data, at + i, label, seen[i]);
}

int field_steps_required(struct fc_ctx *ctx, const int64_t *deal_ids,
			 const char *const *steps, int n,
			 void (*fn)(void *data, int i, const char *label, int set),
			 void *data)
{
	/* most organisations require no field to leave a step: the cached
	 * definitions say so without a query (only outside a write
	 * transaction, where they are cached) */
	if (!ctx->db->tx_write) {
		struct field_def *defs = NULL;
		struct fc_error ferr;
		int ndefs = 0, any = 0, rc;
		if ((rc = field_defs_load(ctx, "deal", 0, &defs, &ndefs, &ferr)))
			return rc;
		for (int i = 0; i < ndefs; i++)
			any |= defs[i].required_step[0] != '\0';
		field_defs_free(defs, ndefs);
		if (!any)
			return 0;
	}
	for (int at = 0; at < n; at += REQUIRED_CHUNK) {
		int m = n - at < REQUIRED_CHUNK ? n - at : REQUIRED_CHUNK, rc;
		char seen[REQUIRED_CHUNK], label[FIELD_LABEL_MAX + 1] = "";
		char step[sizeof(((struct field_def *)0)->required_step)] = "";
		int64_t field = 0;
		struct qb q;
		qb_init(&q);
		/* every live required field, with the chunk's values of it */
		qb_sql(&q, "SELECT f.id, f.label, f.required_step, v.record_id FROM "
		       "custom_fields f LEFT JOIN custom_values v ON v.org_id = "
		       "f.org_id AND v.kind = 'deal' AND v.field_id = f.id AND "
		       "v.record_id IN (");
		for (int i = 0; i < m; i++) {
			qb_sql(&q, i ? ", ?" : "?");
			qb_int(&q, deal_ids[at + i]);
		}
		qb_sql(&q, ") WHERE f.org_id = ? AND f.kind = 'deal' AND "
		       "f.required_step IS NOT NULL AND f.required_step <> '' AND "
		       "f.archived = 0 ORDER BY f.position, f.id");
		qb_int(&q, ctx->org_id);
		struct db_stmt *st = qb_prepare(&q, ctx->db);
		qb_release(&q);
		if (!st)
			return ctx->db->last_error;
		while ((rc = db_step(st)) > 0) {
			if (db_col_int(st, 0) != field) {
				if (field)
					required_emit(at, m, steps, label, step, seen, fn,
						      data);
				field = db_col_int(st, 0);
				snprintf(label, sizeof(label), "%s", db_col_text(st, 1));
				snprintf(step, sizeof(step), "%s", db_col_text(st, 2));
				memset(seen, 0, sizeof(seen));
			}
			for (int i = 0; i < m && !db_col_is_null(st, 3); i++)
				if (deal_ids[at + i] == db_col_int(st, 3))
					seen[i] = 1;
		}
		db_done(st);
		if (rc < 0)
			return rc;
		if (field)
			required_emit(at, m, steps, label, step, seen, fn, data);
	}
	return 0;
}

int field_values_display(struct fc_ctx *ctx, const char *kind, json_t *custom,
			 json_t **out, struct fc_error *err)
{
	struct field_def *defs = NULL;
	int n = 0, rc;
	*out = json_array();
	if ((rc = field_defs_load(ctx, kind, 0, &defs, &n, err)))
		return rc;
	for (int i = 0; i < n; i++) {
		const struct field_def *d = &defs[i];
		json_t *v = json_object_get(custom, d->key);
		char text[DISPLAY_MONEY_MAX + 300];
		if (!v || json_is_null(v)) {
			snprintf(text, sizeof(text), "-");
		} else if (d->type == CF_MONEY) {
			money_display(money_json_minor(v, d->currency), d->currency,
				      text, sizeof(text));
		} else if (d->type == CF_YESNO) {
			snprintf(text, sizeof(text), "%s", json_is_true(v) ? "yes" : "no");
		} else if (d->type == CF_CONTACT || d->type == CF_ACCOUNT) {
			struct db_stmt *st = db_prepare(ctx->db, d->type == CF_CONTACT ?
				"SELECT name FROM contacts WHERE org_id = ? AND id = ?" :
				"SELECT name FROM accounts WHERE org_id = ? AND id = ?");
			if (!st) {
				rc = db_error(ctx->db, err);
				break;
			}
			db_bindf(st, "ii", ctx->org_id, (int64_t)json_integer_value(v));
			rc = db_step(st);
			snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT " (%.200s)",
				 json_integer_value(v), rc > 0 ? db_col_text(st, 0) : "?");
			db_done(st);
			if (rc < 0) {
				rc = db_error(ctx->db, err);
				break;
			}
			rc = 0;
		} else if (json_is_string(v)) {
			snprintf(text, sizeof(text), "%.280s", json_string_value(v));
		} else {
			char *s = json_dumps(v, JSON_ENCODE_ANY);
			snprintf(text, sizeof(text), "%s", s ? s : "");
			free(s);
		}
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s}", "key", d->key,
						      "label", d->label, "text", text));
	}
	field_defs_free(defs, n);
	return rc;
}
