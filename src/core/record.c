/* The generic record layer: JSON in, validated against an entity's field
 * table, SQL out; rows back to JSON. Access checks happen here so that every
 * service and both front ends share them. See record.h. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/currency.h"
#include "core/duplicate.h"
#include "core/field.h"
#include "core/history.h"
#include "core/query.h"
#include "core/record.h"
#include "core/user.h"
#include "util/date.h"
#include "util/json-write.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define TEXT_MAX_DEFAULT 2000
#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 1000

static const char *col_of(const struct field *f)
{
	return f->column ? f->column : f->name;
}

/* ---- rows to JSON --------------------------------------------------- */

static void select_list(struct qb *q, const struct entity *e, const char *alias)
{
	int first = 1;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->flags & FF_HIDDEN)
			continue;
		/* appended as they are: a format per column cost more than
		 * running the statement */
		if (!first)
			buf_add(&q->sql, ", ", 2);
		buf_adds(&q->sql, alias);
		buf_addch(&q->sql, '.');
		buf_adds(&q->sql, col_of(f));
		first = 0;
	}
}

/* Where a row goes: written as text (W), set on a jansson object (O), or
 * both: written as text, with the fields KEEP names also set on O (what a
 * service reads back from a record it writes as text). One walk over the
 * fields feeds them all, so a field's name and format are given once
 * (row_put()). */
struct row_out {
	struct jw *w;
	json_t *o;
	const char *const *keep;	/* with W and O; NULL-terminated */
	const struct row_keys *keys;	/* with W alone, or NULL */
	int slot;			/* the key being written in KEYS */
};

/* The keys of a page's rows, quoted once for all its rows: slot 2i is
 * visible column i's name, slot 2i + 1 its amount's minor-unit name
 * (empty for a column that is no amount); AT[slot] .. AT[slot + 1] in
 * TEXT. Escaping each key of each row was a seventh of a page's CPU. */
struct row_keys {
	struct buf text;
	size_t *at;
};

static void minor_name(const struct field *f, char *out, size_t n);

static void row_keys_make(struct row_keys *k, const struct entity *e)
{
	int n = 0, slot = 0;
	for (const struct field *f = e->fields; f->name; f++)
		n += !(f->flags & FF_HIDDEN);
	buf_init(&k->text, 0);
	k->at = xcalloc(2 * (size_t)n + 1, sizeof(*k->at));
	for (const struct field *f = e->fields; f->name; f++) {
		char name[64];
		if (f->flags & FF_HIDDEN)
			continue;
		k->at[slot++] = k->text.len;
		json_escape(&k->text, f->name, strlen(f->name));
		buf_addch(&k->text, ':');
		k->at[slot++] = k->text.len;
		if (f->type == FT_MONEY) {
			minor_name(f, name, sizeof(name));
			json_escape(&k->text, name, strlen(name));
			buf_addch(&k->text, ':');
		}
	}
	k->at[slot] = k->text.len;
}

static void row_keys_release(struct row_keys *k)
{
	buf_release(&k->text);
	free(k->at);
}

/* KEY of the value that follows, from KEYS when the row has them. */
static void write_key(const struct row_out *ro, const char *key)
{
	if (ro->keys) {
		size_t from = ro->keys->at[ro->slot];
		jw_key_text(ro->w, ro->keys->text.s + from,
			    ro->keys->at[ro->slot + 1] - from);
	} else {
		jw_key(ro->w, key);
	}
}

/* Whether KEY goes on the object. */
static int to_object(const struct row_out *ro, const char *key)
{
	if (!ro->o)
		return 0;
	if (!ro->w)
		return 1;
	/* the first byte tells most names apart without a call */
	for (int k = 0; ro->keep && ro->keep[k]; k++)
		if (ro->keep[k][0] == key[0] && !strcmp(ro->keep[k], key))
			return 1;
	return 0;
}

static void put(struct row_out *ro, const char *key, json_t *take)
{
	if (ro->w) {
		write_key(ro, key);
		jw_value(ro->w, take);
	}
	if (to_object(ro, key))
		json_object_set_new(ro->o, key, take);
	else
		json_decref(take);
}

static void put_null(struct row_out *ro, const char *key)
{
	if (ro->w) {
		write_key(ro, key);
		jw_null(ro->w);
	}
	if (to_object(ro, key))
		json_object_set_new(ro->o, key, json_null());
}

static void put_int(struct row_out *ro, const char *key, int64_t v)
{
	if (ro->w) {
		write_key(ro, key);
		jw_int(ro->w, v);
	}
	if (to_object(ro, key))
		json_object_set_new(ro->o, key, json_integer(v));
}

static void put_text(struct row_out *ro, const char *key, const char *v)
{
	if (ro->w) {
		write_key(ro, key);
		jw_string(ro->w, v);
	}
	if (to_object(ro, key))
		json_object_set_new(ro->o, key, json_string(v));
}

/* Column I of ST as F's JSON value; an amount in whole units of CURRENCY. */
static void column_put(struct row_out *ro, struct db_stmt *st, int i,
		       const struct field *f, const char *currency)
{
	const char *text = NULL;
	/* the columns written as text (the switch's default): a NULL is told
	 * by the text itself, one call less a column of every row */
	int as_text = f->type != FT_INT && f->type != FT_REF &&
		      f->type != FT_BOOL && f->type != FT_MONEY &&
		      f->type != FT_JSONTEXT;

	if (as_text ? !(text = db_col_text(st, i)) : db_col_is_null(st, i)) {
		put_null(ro, f->name);
		return;
	}
	switch (f->type) {
	case FT_INT:
	case FT_REF:
		put_int(ro, f->name, db_col_int(st, i));
		break;
	case FT_BOOL:
		if (ro->w) {
			write_key(ro, f->name);
			jw_bool(ro->w, db_col_int(st, i) != 0);
		}
		if (to_object(ro, f->name))
			json_object_set_new(ro->o, f->name,
					    json_boolean(db_col_int(st, i)));
		break;
	case FT_MONEY:
		if (ro->w) {
			write_key(ro, f->name);
			money_write(ro->w, db_col_int(st, i), currency);
		}
		if (to_object(ro, f->name))
			json_object_set_new(ro->o, f->name,
					    money_json(db_col_int(st, i), currency));
		break;
	case FT_JSONTEXT: {
		json_t *v = json_loads(db_col_text(st, i), JSON_DECODE_ANY, NULL);
		if (v)
			put(ro, f->name, v);
		else
			put_text(ro, f->name, db_col_text(st, i));
		break;
	}
	default:
		put_text(ro, f->name, text);
	}
}

/* "value" -> "value_minor": the JSON name of an amount in minor units. */
static void minor_name(const struct field *f, char *out, size_t n)
{
	static const char suffix[] = "_minor";
	size_t len = strlen(f->name);
	/* without snprintf(): written for every amount of every row */
	if (len > n - sizeof(suffix))
		len = n - sizeof(suffix);
	memcpy(out, f->name, len);
	memcpy(out + len, suffix, sizeof(suffix));
}

/* The money field whose minor-unit name is KEY ("value_minor"), or NULL. */
static const struct field *money_of_minor(const struct entity *e,
					  const char *key)
{
	char name[64];
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type != FT_MONEY)
			continue;
		minor_name(f, name, sizeof(name));
		if (!strcmp(name, key))
			return f;
	}
	return NULL;
}

/* A record as JSON, the one place that names and formats its fields (a
 * list page and a single record alike); written as text without the
 * closing brace, so that a list can append "custom". The fields in table
 * order; an amount is given twice, in whole units of the record's
 * currency ("value": 1234.5) and, after the fields, exactly in its minor
 * units ("value_minor": 123450), with "currency" beside them. */
static void row_put(struct row_out *ro, struct db_stmt *st,
		    const struct entity *e)
{
	const char *currency = NULL;
	int i = 0;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->flags & FF_HIDDEN)
			continue;
		if (f->type == FT_TEXT && !strcmp(f->name, "currency") &&
		    !db_col_is_null(st, i))
			currency = db_col_text(st, i);
		i++;
	}
	i = 0;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->flags & FF_HIDDEN)
			continue;
		ro->slot = 2 * i;
		column_put(ro, st, i++, f, currency);
	}
	i = 0;
	for (const struct field *f = e->fields; f->name; f++) {
		char name[64];
		if (f->flags & FF_HIDDEN)
			continue;
		if (f->type == FT_MONEY) {
			minor_name(f, name, sizeof(name));
			ro->slot = 2 * i + 1;
			if (db_col_is_null(st, i))
				put_null(ro, name);
			else
				put_int(ro, name, db_col_int(st, i));
		}
		i++;
	}
}

/* The row as text, its object left open; its keys from KEYS. */
static void row_write_open(struct jw *w, struct db_stmt *st,
			   const struct entity *e, const struct row_keys *keys)
{
	struct row_out ro = { w, NULL, NULL, keys, 0 };
	jw_object_begin(w);
	row_put(&ro, st, e);
}

/* The row as a jansson object (a single record, that services add to). */
static json_t *row_json(struct db_stmt *st, const struct entity *e)
{
	struct row_out ro = { NULL, json_object(), NULL, NULL, 0 };
	row_put(&ro, st, e);
	return ro.o;
}

/* ---- access --------------------------------------------------------- */

static void visible(struct qb *q, struct fc_ctx *ctx, const struct entity *e,
		    const char *alias)
{
	switch (e->access) {
	case ACCESS_OWNER:
		qb_owner_visible(q, ctx, alias, e->name);
		break;
	case ACCESS_DEAL:
		qb_deal_visible(q, ctx, alias, entity_field(e, "owner_id") != NULL);
		break;
	case ACCESS_AUDIT:
		if (ctx->user.role != ROLE_ADMIN)
			qb_sql(q, " AND 1 = 0");
		break;
	default:
		break;
	}
}

static int may_write(struct fc_ctx *ctx, const struct entity *e,
		     struct fc_error *err)
{
	switch (e->access) {
	case ACCESS_ORG:
		if (ctx->user.role == ROLE_REP)
			return fc_fail(err, FC_EFORBIDDEN, NULL,
				       "only managers and admins change %s",
				       e->plural);
		return 0;
	case ACCESS_ADMIN:
		if (ctx->user.role != ROLE_ADMIN)
			return fc_fail(err, FC_EFORBIDDEN, NULL,
				       "only admins change %s", e->plural);
		return 0;
	case ACCESS_AUDIT:
		return fc_fail(err, FC_EFORBIDDEN, NULL, "%s cannot be changed",
			       e->plural);
	default:
		return 0;
	}
}

int record_check_access(struct fc_ctx *ctx, const struct entity *e,
			int64_t id, int write, struct fc_error *err)
{
	struct qb q;
	int rc;
	qb_init(&q);
	qb_sql(&q, "SELECT 1 FROM %s t WHERE t.org_id = ? AND t.id = ?", e->table);
	qb_int(&q, ctx->org_id);
	qb_int(&q, id);
	visible(&q, ctx, e, "t");
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = db_step(st);
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
	} else if (rc == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "no %s %" PRId64, e->name, id);
	} else {
		rc = write ? may_write(ctx, e, err) : 0;
	}
out:
	qb_release(&q);
	return rc;
}

/* ---- reading -------------------------------------------------------- */

/* The SELECT of record ID of E as CTX's user may see it, into Q. */
static void record_select(struct fc_ctx *ctx, const struct entity *e,
			  int64_t id, struct qb *q)
{
	qb_init(q);
	qb_sql(q, "SELECT ");
	select_list(q, e, "t");
	qb_sql(q, " FROM %s t WHERE t.org_id = ? AND t.id = ?", e->table);
	qb_int(q, ctx->org_id);
	qb_int(q, id);
	visible(q, ctx, e, "t");
}

int record_get(struct fc_ctx *ctx, const struct entity *e, int64_t id,
	       json_t **out, struct fc_error *err)
{
	struct qb q;
	int rc;
	*out = NULL;
	record_select(ctx, e, id, &q);
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = db_step(st);
	if (rc > 0) {
		*out = row_json(st, e);
		rc = 0;
	} else if (rc == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "no %s %" PRId64, e->name, id);
	} else {
		rc = db_error(ctx->db, err);
	}
	db_done(st);
	if (!rc && (rc = field_values_attach(ctx, e, *out, err))) {
		json_decref(*out);
		*out = NULL;
	}
out:
	qb_release(&q);
	return rc;
}

int record_get_write(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		     struct jw *w, const char *const *keep, json_t **kept,
		     struct fc_error *err)
{
	struct row_out ro = { w, json_object(), keep, NULL, 0 };
	struct buf custom = BUF_INIT;
	struct qb q;
	int rc, has = 0;
	*kept = NULL;
	record_select(ctx, e, id, &q);
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = db_step(st);
	if (rc > 0) {
		jw_object_begin(w);
		row_put(&ro, st, e);
		rc = 0;
	} else if (rc == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "no %s %" PRId64, e->name, id);
	} else {
		rc = db_error(ctx->db, err);
	}
	db_done(st);
	if (rc || (rc = field_values_text(ctx, e, &id, 1, &custom, &has, err)))
		goto out;
	if (has) {
		jw_key(w, "custom");
		jw_raw(w, custom.s, custom.len);
	}
	*kept = ro.o;
	ro.o = NULL;
out:
	json_decref(ro.o);
	buf_release(&custom);
	qb_release(&q);
	return rc;
}

/* Cursors are opaque to clients: base64url of "<sort value>\x1f<id>". */
static char *cursor_encode(const char *value, int64_t id)
{
	char raw[600];
	int n = snprintf(raw, sizeof(raw), "%s\x1f%" PRId64, value ? value : "", id);
	if (n < 0 || (size_t)n >= sizeof(raw))
		n = (int)sizeof(raw) - 1;
	size_t len = sodium_base64_ENCODED_LEN((size_t)n,
					       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(len);
	sodium_bin2base64(out, len, (const unsigned char *)raw, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static int cursor_decode(const char *c, char *value, size_t vlen, int64_t *id)
{
	unsigned char raw[600];
	size_t n;
	if (strlen(c) > 780 ||
	    sodium_base642bin(raw, sizeof(raw) - 1, c, strlen(c), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	raw[n] = '\0';
	char *sep = memchr(raw, '\x1f', n);
	if (!sep)
		return -1;
	*sep = '\0';
	char *end;
	*id = strtoll(sep + 1, &end, 10);
	if (*end || end == sep + 1)
		return -1;
	snprintf(value, vlen, "%s", (char *)raw);
	return 0;
}

static int is_numeric(const struct field *f)
{
	return f->type == FT_INT || f->type == FT_REF || f->type == FT_BOOL ||
	       f->type == FT_MONEY;
}

static int bind_filter_value(struct qb *q, const struct field *f, json_t *v,
			     struct fc_error *err)
{
	if (json_is_integer(v)) {
		qb_int(q, json_integer_value(v));
	} else if (json_is_boolean(v)) {
		qb_int(q, json_is_true(v));
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (is_numeric(f)) {
			char *end;
			long long n = strtoll(s, &end, 10);
			if (f->type == FT_BOOL && (!strcmp(s, "true") || !strcmp(s, "false"))) {
				qb_int(q, !strcmp(s, "true"));
				return 0;
			}
			if (!*s || *end)
				return fc_fail(err, FC_EINVAL, f->name,
					       "filter '%s' needs a number", f->name);
			qb_int(q, n);
		} else if (f->flags & FF_FOLD_CASE) {
			char *low = xstrdup(s);	/* stored in lower case */
			for (char *p = low; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			qb_text(q, low);
			free(low);
		} else {
			qb_text(q, s);
		}
	} else {
		return fc_fail(err, FC_EINVAL, f->name, "bad value for filter '%s'",
			       f->name);
	}
	return 0;
}

static int add_filters(struct fc_ctx *ctx, struct qb *q,
		       const struct entity *e, json_t *filters,
		       struct fc_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(filters, key, v) {
		const struct field *f = entity_field(e, key);
		if (!strncmp(key, "custom.", 7)) {	/* core/field.h */
			int rc = field_filter_sql(ctx, e, key + 7, v, q, err);
			if (rc)
				return rc;
			continue;
		}
		if (!f || !(f->flags & FF_FILTER))
			return fc_fail(err, FC_EINVAL, key,
				       "'%s' is not a filter of %s", key, e->plural);
		if (json_is_null(v)) {
			qb_sql(q, " AND t.%s IS NULL", col_of(f));
			continue;
		}
		if (json_is_array(v)) {
			size_t i, n = json_array_size(v);
			if (n == 0 || n > 50)
				return fc_fail(err, FC_EINVAL, key,
					       "filter '%s' takes 1 to 50 values", key);
			qb_sql(q, " AND t.%s IN (", col_of(f));
			for (i = 0; i < n; i++) {
				qb_sql(q, i ? ", ?" : "?");
				int rc = bind_filter_value(q, f, json_array_get(v, i), err);
				if (rc)
					return rc;
			}
			qb_sql(q, ")");
			continue;
		}
		qb_sql(q, " AND t.%s = ?", col_of(f));
		int rc = bind_filter_value(q, f, v, err);
		if (rc)
			return rc;
	}
	return 0;
}

static void add_search(struct qb *q, const struct entity *e, const char *text)
{
	struct buf pat = BUF_INIT;
	int first = 1;
	buf_addch(&pat, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_addch(&pat, '\\');
		buf_addch(&pat, (char)tolower((unsigned char)*p));
	}
	buf_addch(&pat, '%');
	qb_sql(q, " AND (");
	for (const struct field *f = e->fields; f->name; f++) {
		if (!(f->flags & FF_SEARCH))
			continue;
		qb_sql(q, "%slower(t.%s) LIKE ? ESCAPE '\\'", first ? "" : " OR ",
		       col_of(f));
		qb_text(q, pat.s);
		first = 0;
	}
	qb_sql(q, first ? "1 = 1)" : ")");
	buf_release(&pat);
}

int record_list_write(struct fc_ctx *ctx, const struct entity *e,
		      const struct list_query *lq, struct buf *out,
		      struct fc_error *err)
{
	struct qb q;
	int rc = 0, limit = lq && lq->limit ? lq->limit : LIST_LIMIT_DEFAULT;
	const struct field *sort = NULL;
	int desc = 0;
	struct db_stmt *st = NULL;
	/* the rows' text without their closing braces, "custom" goes there */
	struct buf rows = BUF_INIT, *custom = NULL;
	size_t *ends = NULL;
	int64_t *ids = NULL;
	char *cursor = NULL;
	int count = 0, has_custom = 0, id_col = -1;
	struct row_keys keys = { BUF_INIT, NULL };

	qb_init(&q);
	if (limit < 1 || limit > LIST_LIMIT_MAX) {
		rc = fc_fail(err, FC_EINVAL, "limit", "limit must be 1 to %d",
			     LIST_LIMIT_MAX);
		goto out;
	}
	if (e->access == ACCESS_AUDIT && ctx->user.role != ROLE_ADMIN) {
		rc = fc_fail(err, FC_EFORBIDDEN, NULL, "only admins read %s",
			     e->plural);
		goto out;
	}
	if (lq && lq->sort && *lq->sort) {
		const char *name = lq->sort;
		if (*name == '-') {
			desc = 1;
			name++;
		}
		sort = entity_field(e, name);
		if (!sort || sort->type == FT_JSONTEXT || (sort->flags & FF_HIDDEN)) {
			rc = fc_fail(err, FC_EINVAL, "sort", "cannot sort %s by '%s'",
				     e->plural, name);
			goto out;
		}
		if (!strcmp(sort->name, "id"))
			sort = NULL;
	}
	/* NULLs sort as the empty value so the keyset stays total */
	char sortexpr[128] = "";
	if (sort)
		snprintf(sortexpr, sizeof(sortexpr), "COALESCE(t.%s, %s)",
			 col_of(sort), is_numeric(sort) ? "0" : "''");

	qb_sql(&q, "SELECT ");
	select_list(&q, e, "t");
	qb_sql(&q, "%s%s FROM %s t WHERE t.org_id = ?", sort ? ", " : "",
	       sortexpr, e->table);
	qb_int(&q, ctx->org_id);
	visible(&q, ctx, e, "t");
	if (lq && lq->filters && (rc = add_filters(ctx, &q, e, lq->filters, err)))
		goto out;
	if (lq && lq->q && *lq->q)
		add_search(&q, e, lq->q);
	if (lq && lq->cursor && *lq->cursor) {
		char value[640];
		int64_t last_id;
		if (cursor_decode(lq->cursor, value, sizeof(value), &last_id)) {
			rc = fc_fail(err, FC_EINVAL, "cursor", "malformed cursor");
			goto out;
		}
		const char *op = desc ? "<" : ">";
		if (sort) {
			qb_sql(&q, " AND (%s %s ? OR (%s = ? AND t.id %s ?))",
			       sortexpr, op, sortexpr, op);
			for (int k = 0; k < 2; k++) {
				if (is_numeric(sort))
					qb_int(&q, strtoll(value, NULL, 10));
				else
					qb_text(&q, value);
			}
		} else {
			qb_sql(&q, " AND t.id %s ?", op);
		}
		qb_int(&q, last_id);
	}
	if (sort)
		qb_sql(&q, " ORDER BY %s %s, t.id %s", sortexpr, desc ? "DESC" : "ASC",
		       desc ? "DESC" : "ASC");
	else
		qb_sql(&q, " ORDER BY t.id %s", desc ? "DESC" : "ASC");
	qb_sql(&q, " LIMIT %d", limit + 1);

	st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->flags & FF_HIDDEN)
			continue;
		id_col++;
		if (!strcmp(f->name, "id"))
			break;
	}
	row_keys_make(&keys, e);
	ends = xcalloc((size_t)limit, sizeof(*ends));
	ids = xcalloc((size_t)limit, sizeof(*ids));
	char last_value[640] = "";
	while ((rc = db_step(st)) > 0) {
		struct jw w;
		if (count == limit) {
			cursor = cursor_encode(last_value, ids[count - 1]);
			break;
		}
		jw_init(&w, &rows);
		row_write_open(&w, st, e, &keys);
		ends[count] = rows.len;
		ids[count] = db_col_int(st, id_col);
		if (sort) {
			/* the sort key is the extra last column */
			const char *v = db_col_text(st, db_col_count(st) - 1);
			snprintf(last_value, sizeof(last_value), "%s", v ? v : "");
		}
		count++;
	}
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	custom = xcalloc((size_t)count + 1, sizeof(*custom));
	for (int k = 0; k < count; k++)
		buf_init(&custom[k], 0);
	if ((rc = field_values_text(ctx, e, ids, count, custom, &has_custom,
				     err)))
		goto out;
	buf_adds(out, "{\"items\":[");
	for (int k = 0; k < count; k++) {
		size_t from = k ? ends[k - 1] : 0;
		if (k)
			buf_addch(out, ',');
		buf_add(out, rows.s + from, ends[k] - from);
		if (has_custom) {
			buf_adds(out, ",\"custom\":");
			buf_add(out, custom[k].s, custom[k].len);
		}
		buf_addch(out, '}');
	}
	buf_adds(out, "],\"next_cursor\":");
	if (cursor)
		json_escape(out, cursor, strlen(cursor));
	else
		buf_adds(out, "null");
	buf_addch(out, '}');
out:
	db_done(st);
	qb_release(&q);
	for (int k = 0; custom && k < count; k++)
		buf_release(&custom[k]);
	free(custom);
	buf_release(&rows);
	free(ends);
	free(ids);
	free(cursor);
	row_keys_release(&keys);
	return rc;
}

int record_list(struct fc_ctx *ctx, const struct entity *e,
		const struct list_query *lq, json_t **out, struct fc_error *err)
{
	struct buf text;
	int rc;

	*out = NULL;
	buf_init(&text, 0);
	rc = record_list_write(ctx, e, lq, &text, err);
	if (!rc && !(*out = json_loadb(text.s, text.len, 0, NULL)))
		FC_BUG("a list's JSON does not read back");
	buf_release(&text);
	return rc;
}

/* ---- validation ------------------------------------------------------ */

/* One validated column value, ready to bind. */
struct colval {
	const struct field *f;
	char type;		/* 'i', 's', 'n' */
	int64_t i;
	char *s;
};

struct colvals {
	int n;
	struct colval v[64];
};

static void colvals_release(struct colvals *cv)
{
	for (int i = 0; i < cv->n; i++)
		free(cv->v[i].s);
	cv->n = 0;
}

static struct colval *colvals_slot(struct colvals *cv, const struct field *f)
{
	for (int i = 0; i < cv->n; i++) {
		if (cv->v[i].f == f) {
			free(cv->v[i].s);
			cv->v[i].s = NULL;
			return &cv->v[i];
		}
	}
	if (cv->n >= (int)ARRAY_SIZE(cv->v))
		FC_BUG("too many columns");
	struct colval *c = &cv->v[cv->n++];
	c->f = f;
	c->s = NULL;
	return c;
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' ||
		    *p == '<' || *p == '>' || *p == '"')
			return 0;
	return 1;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int ref_exists(struct fc_ctx *ctx, const struct field *f, int64_t id,
		      struct fc_error *err)
{
	const struct entity *re = entity_find(f->ref);
	struct fc_error sub;
	if (!re)
		FC_BUG("unknown reference '%s'", f->ref);
	int rc = record_check_access(ctx, re, id, 0, &sub);
	if (rc == FC_ENOTFOUND)
		return fc_fail(err, FC_EINVAL, f->name, "'%s': no %s %" PRId64,
			       f->name, re->name, id);
	if (rc)
		*err = sub;
	return rc;
}

/* Converts V for field F into C; TRUSTED skips reference checks. */
static int convert(struct fc_ctx *ctx, const struct field *f, json_t *v,
		   struct colval *c, int trusted, struct fc_error *err)
{
	const char *name = f->name;
	c->type = 'n';
	if (json_is_null(v))
		return 0;
	switch (f->type) {
	case FT_TEXT:
	case FT_EMAIL: {
		if (!json_is_string(v))
			return fc_fail(err, FC_EINVAL, name, "'%s' must be a string", name);
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		int64_t max = f->max ? f->max : TEXT_MAX_DEFAULT;
		if (memchr(s, '\0', len))
			return fc_fail(err, FC_EINVAL, name, "'%s' contains a NUL byte", name);
		if ((int64_t)len > max)
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' is longer than %" PRId64 " bytes", name, max);
		if (blank(s))
			return 0;	/* empty means unset */
		if (f->min && (int64_t)len < f->min)
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' must be %" PRId64 " characters", name, f->min);
		if (f->type == FT_EMAIL && !email_ok(s))
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' is not a valid email address: '%s'", name, s);
		c->type = 's';
		c->s = xstrdup(s);
		if (f->flags & FF_FOLD_CASE)
			for (char *p = c->s; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		if (!strcmp(name, "currency")) {
			for (char *p = c->s; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			return currency_check(c->s, name, err);
		}
		return 0;
	}
	case FT_INT:
	case FT_REF:
		if (!json_is_integer(v))
			return fc_fail(err, FC_EINVAL, name, "'%s' must be an integer", name);
		c->i = json_integer_value(v);
		if (f->type == FT_INT && f->max > f->min &&
		    (c->i < f->min || c->i > f->max))
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' must be between %" PRId64 " and %" PRId64,
				       name, f->min, f->max);
		if (f->type == FT_REF && !trusted) {
			int rc = ref_exists(ctx, f, c->i, err);
			if (rc)
				return rc;
		}
		c->type = 'i';
		return 0;
	case FT_BOOL:
		if (json_is_boolean(v))
			c->i = json_is_true(v);
		else if (json_is_integer(v) && (json_integer_value(v) == 0 ||
						json_integer_value(v) == 1))
			c->i = json_integer_value(v);
		else
			return fc_fail(err, FC_EINVAL, name, "'%s' must be true or false", name);
		c->type = 'i';
		return 0;
	case FT_DATE: {
		int32_t d;
		if (!json_is_string(v) || date_parse(json_string_value(v), &d))
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' must be a date YYYY-MM-DD", name);
		char out[DATE_LEN];
		date_format(d, out);
		c->type = 's';
		c->s = xstrdup(out);
		return 0;
	}
	case FT_TIME: {
		int64_t t;
		if (!json_is_string(v) || time_parse(json_string_value(v), &t))
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' must be an ISO 8601 date-time", name);
		char out[TIME_LEN];
		time_format(t, out);
		c->type = 's';
		c->s = xstrdup(out);
		return 0;
	}
	case FT_MONEY:	/* validate() converts it once it knows the currency */
		FC_BUG("money field '%s' given to convert()", name);
	case FT_ENUM: {
		if (!json_is_string(v))
			return fc_fail(err, FC_EINVAL, name, "'%s' must be a string", name);
		const char *s = json_string_value(v);
		for (const char *const *e = f->values; *e; e++) {
			if (!strcmp(*e, s)) {
				c->type = 's';
				c->s = xstrdup(s);
				return 0;
			}
		}
		struct buf allowed = BUF_INIT;
		for (const char *const *e = f->values; *e; e++)
			buf_addf(&allowed, "%s%s", e == f->values ? "" : "|", *e);
		fc_fail(err, FC_EINVAL, name, "'%s' must be one of %s, not '%.100s'",
			name, allowed.s, s);
		buf_release(&allowed);
		return FC_EINVAL;
	}
	case FT_JSONTEXT: {
		if (!json_is_array(v) && !json_is_object(v))
			return fc_fail(err, FC_EINVAL, name,
				       "'%s' must be an array or object", name);
		char *s = json_dumps(v, JSON_COMPACT);
		if (f->max && (int64_t)strlen(s) > f->max) {
			free(s);
			return fc_fail(err, FC_EINVAL, name, "'%s' is too large", name);
		}
		c->type = 's';
		c->s = s;
		return 0;
	}
	}
	return fc_fail(err, FC_EINVAL, name, "'%s' has an unknown type", name);
}

/* Who may give a record to whom (SPEC.md §5.2), the rule "record-owner": a
 * rep keeps what they own, neither handing it to someone else nor clearing
 * the owner (which makes the record everyone's); a manager assigns within
 * their team; an admin assigns to anyone in the organisation, or clears
 * it. On create an empty owner means the acting user. */
static int owner_allowed(struct fc_ctx *ctx, const struct colval *c,
			 int create, struct fc_error *err)
{
	int64_t ok = 0, owner = c->i;
	if (c->type == 'n') {
		if (create || ctx->user.role == ROLE_ADMIN)
			return 0;
		return fc_fail(err, FC_EFORBIDDEN, "owner_id", "refused "
			       "(record-owner): only an admin may clear the owner "
			       "of a record, which would make it everyone's");
	}
	if (owner == ctx->user.id || ctx->user.role == ROLE_ADMIN) {
		/* admins may give records to anyone in the org: it must exist */
		int rc = db_query_int(ctx->db, &ok, "SELECT COUNT(*) FROM users "
				      "WHERE org_id = ? AND id = ?", "ii",
				      ctx->org_id, owner);
		if (rc)
			return db_error(ctx->db, err);
		return ok ? 0 : fc_fail(err, FC_EINVAL, "owner_id",
					"'owner_id': no user %" PRId64, owner);
	}
	if (ctx->user.role == ROLE_MANAGER && ctx->user.team[0]) {
		int rc = db_query_int(ctx->db, &ok, "SELECT COUNT(*) FROM users WHERE "
				      "org_id = ? AND id = ? AND team = ?", "iis",
				      ctx->org_id, owner, ctx->user.team);
		if (rc)
			return db_error(ctx->db, err);
		if (ok)
			return 0;
		return fc_fail(err, FC_EFORBIDDEN, "owner_id",
			       "refused (record-owner): a manager assigns records "
			       "only within team '%s'", ctx->user.team);
	}
	return fc_fail(err, FC_EFORBIDDEN, "owner_id",
		       "refused (record-owner): a %s cannot assign records to "
		       "another user", role_name(ctx->user.role));
}

/* The currency of the record being written: the one CV sets, else
 * BEFORE's (the record as it is), else the column's default. */
static const char *record_currency(const struct colvals *cv, json_t *before)
{
	for (int i = 0; i < cv->n; i++)
		if (!strcmp(cv->v[i].f->name, "currency") && cv->v[i].type == 's')
			return cv->v[i].s;
	const char *was = json_string_value(json_object_get(before, "currency"));
	return was ? was : "USD";
}

/* A currency changed without the amount keeps the amount in whole units:
 * its minor units are rescaled (USD 10.00, 1000, becomes JPY 10, 10); one
 * that cannot be (USD 10.50 in yen) is refused. */
static int rescale_money(const struct entity *e, json_t *before,
			 struct colvals *cv, struct fc_error *err)
{
	const char *from = json_string_value(json_object_get(before, "currency"));
	const char *to = record_currency(cv, before);
	char name[64];

	if (!from || !strcmp(from, to))
		return 0;
	for (const struct field *f = e->fields; f->name; f++) {
		int given = 0;
		if (f->type != FT_MONEY)
			continue;
		for (int i = 0; i < cv->n; i++)
			given |= cv->v[i].f == f;
		minor_name(f, name, sizeof(name));
		json_t *was = json_object_get(before, name);
		if (given || !json_is_integer(was))
			continue;
		int64_t minor;
		if (money_rescale(json_integer_value(was), money_digits(from),
				  money_digits(to), &minor) ||
		    money_check(minor, to, f->name, NULL)) {
			char amount[32];
			money_format(json_integer_value(was), from, amount,
				     sizeof(amount));
			return fc_fail(err, FC_EINVAL, "currency", "'currency' "
				       "cannot change from %s to %s while '%s' is "
				       "%s: give '%s' in %s too", from, to, f->name,
				       amount, f->name, to);
		}
		struct colval *c = colvals_slot(cv, f);
		c->type = 'i';
		c->i = minor;
	}
	return 0;
}

/* Validates client input IN (CREATE: a new record; else BEFORE is the
 * record as it is) and the trusted EXTRA into CV. */
static int validate(struct fc_ctx *ctx, const struct entity *e, json_t *in,
		    json_t *extra, int create, json_t *before,
		    struct colvals *cv, struct fc_error *err)
{
	const char *key;
	json_t *v;
	int rc;
	/* amounts wait for the currency: [field, value] */
	struct { const struct field *f; json_t *v; } money[8];
	int nmoney = 0;

	if (in && !json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a %s must be a JSON object",
			       e->name);
	if (in) {
		json_object_foreach(in, key, v) {
			const struct field *f = entity_field(e, key);
			const struct field *m = f ? NULL : money_of_minor(e, key);
			if (!f && !strcmp(key, "custom") && field_kind_of(e))
				continue;	/* field_values_write() checks them */
			if (m && json_object_get(in, m->name))
				continue;	/* echoed back beside its amount */
			if (m)
				return fc_fail(err, FC_EINVAL, key, "'%s' cannot be "
					       "set directly: give '%s'", key,
					       m->name);
			if (!f || (f->flags & FF_HIDDEN))
				return fc_fail(err, FC_EINVAL, key,
					       "unknown field '%s' for a %s", key, e->name);
			if (f->flags & (FF_READONLY | FF_INTERNAL)) {
				if (!strcmp(key, "id") || !strcmp(key, "version") ||
				    !strcmp(key, "created_at") || !strcmp(key, "updated_at")) {
					continue;	/* echoed back from a read: ignore */
				}
				return fc_fail(err, FC_EINVAL, key,
					       "'%s' cannot be set directly", key);
			}
			if (!create && (f->flags & FF_CREATE_ONLY))
				return fc_fail(err, FC_EINVAL, key,
					       "'%s' cannot be changed", key);
			/* an owner may be given as user_find() takes one: an e-mail
			 * or a full name as well as an id */
			json_t *ref = NULL;
			if (!strcmp(key, "owner_id") && json_is_string(v) &&
			    *json_string_value(v)) {
				int64_t uid;
				if ((rc = user_find(ctx, key, json_string_value(v), &uid,
						    err)))
					return rc == FC_ENOTFOUND ? (err->code = FC_EINVAL)
						: rc;
				v = ref = json_integer(uid);
			}
			if (f->type == FT_MONEY && !json_is_null(v)) {
				if (nmoney >= (int)ARRAY_SIZE(money))
					FC_BUG("too many amounts");
				money[nmoney].f = f;
				money[nmoney++].v = v;
				continue;
			}
			rc = convert(ctx, f, v, colvals_slot(cv, f), 0, err);
			json_decref(ref);
			if (rc)
				return rc;
			/* null (or blank text) would unset it: not for these */
			if (cv->v[cv->n - 1].type == 'n' &&
			    (f->flags & (FF_REQUIRED | FF_NOT_NULL)))
				return fc_fail(err, FC_EINVAL, key,
					       f->flags & FF_REQUIRED ? "'%s' is required"
					       : "'%s' cannot be empty", key);
			if (!strcmp(key, "owner_id") &&
			    (rc = owner_allowed(ctx, &cv->v[cv->n - 1], create, err)))
				return rc;
		}
	}
	if (extra) {
		json_object_foreach(extra, key, v) {
			const struct field *f = entity_field(e, key);
			if (!f)
				FC_BUG("no field '%s' in %s", key, e->name);
			if (f->type == FT_MONEY && !json_is_null(v)) {
				if (nmoney >= (int)ARRAY_SIZE(money))
					FC_BUG("too many amounts");
				money[nmoney].f = f;
				money[nmoney++].v = v;
				continue;
			}
			if ((rc = convert(ctx, f, v, colvals_slot(cv, f), 1, err)))
				return rc;
		}
	}
	const char *currency = record_currency(cv, before);
	for (int i = 0; i < nmoney; i++) {
		struct colval *c = colvals_slot(cv, money[i].f);
		c->type = 'n';
		if ((rc = money_from_json(money[i].v, currency, money[i].f->name,
					  &c->i, err)))
			return rc;
		c->type = 'i';
	}
	if (!create)
		return rescale_money(e, before, cv, err);
	for (const struct field *f = e->fields; f->name; f++) {
		if (!(f->flags & FF_REQUIRED))
			continue;
		int found = 0;
		for (int i = 0; i < cv->n; i++)
			if (cv->v[i].f == f && cv->v[i].type != 'n')
				found = 1;
		if (!found)
			return fc_fail(err, FC_EINVAL, f->name, "'%s' is required",
				       f->name);
	}
	return 0;
}

static void bind_colval(struct qb *q, const struct colval *c)
{
	if (c->type == 'i')
		qb_int(q, c->i);
	else if (c->type == 's')
		qb_text(q, c->s);
	else
		qb_null(q);
}

/* The values as a history event records them: money in integer minor
 * units under its minor name ("value_minor"), as money.h tells. */
static json_t *colvals_json(const struct colvals *cv)
{
	json_t *o = json_object();
	for (int i = 0; i < cv->n; i++) {
		const struct colval *c = &cv->v[i];
		if (c->f->flags & FF_HIDDEN)	/* a hash stays out of history */
			continue;
		json_t *v = c->type == 'i' ? json_integer(c->i) :
			    c->type == 's' ? json_string(c->s) : json_null();
		char name[64];
		minor_name(c->f, name, sizeof(name));
		json_object_set_new(o, c->f->type == FT_MONEY ? name : c->f->name,
				    v);
	}
	return o;
}

/* ---- writing --------------------------------------------------------- */

/* Puts the custom values CHANGES ({"KEY": [before, after]}, may be NULL)
 * into a history event's DATA as "custom": {"KEY": value}, AFTER's side or
 * the one before. */
static void custom_history(json_t *data, json_t *changes, int after)
{
	const char *key;
	json_t *v, *side;
	if (!changes)
		return;
	side = json_object();
	json_object_foreach(changes, key, v)
		json_object_set(side, key, json_array_get(v, after ? 1 : 0));
	json_object_set_new(data, "custom", side);
}

/* The text CV writes into COLUMN (duplicate_column_fn). */
static const char *colvals_text(void *arg, const char *column)
{
	const struct colvals *cv = arg;
	for (int i = 0; i < cv->n; i++)
		if (cv->v[i].type == 's' && !strcmp(col_of(cv->v[i].f), column))
			return cv->v[i].s;
	return NULL;
}

int record_create(struct fc_ctx *ctx, const struct entity *e, json_t *in,
		  json_t *extra, int64_t *id, struct fc_error *err)
{
	struct colvals cv = { 0 };
	struct qb q;
	struct db_stmt *st = NULL;
	char now[TIME_LEN];
	int rc;
	const struct field *owner = entity_field(e, "owner_id");
	int64_t unused_id;

	if (!id)	/* callers that do not need the id may pass NULL */
		id = &unused_id;
	qb_init(&q);
	if ((rc = may_write(ctx, e, err)))
		goto out;
	if (e->on_create && (rc = e->on_create(ctx, in, err)))
		goto out;
	if ((rc = duplicates_guard(ctx, e, 0, NULL, in, err)))
		goto out;
	if ((rc = validate(ctx, e, in, extra, 1, NULL, &cv, err)))
		goto out;
	if (owner) {
		int given = 0;
		for (int i = 0; i < cv.n; i++)
			if (cv.v[i].f == owner && cv.v[i].type == 'i')
				given = 1;
		if (!given) {
			struct colval *c = colvals_slot(&cv, owner);
			c->type = 'i';
			c->i = ctx->user.id;
		}
	}
	ctx_now_time(ctx, now);
	qb_sql(&q, "INSERT INTO %s (org_id", e->table);
	for (int i = 0; i < cv.n; i++)
		qb_sql(&q, ", %s", col_of(cv.v[i].f));
	int stamps = entity_field(e, "updated_at") != NULL;
	int created = entity_field(e, "created_at") != NULL;
	int has_created = 0;
	for (int i = 0; i < cv.n; i++)
		if (!strcmp(cv.v[i].f->name, "created_at"))
			has_created = 1;
	if (created && !has_created)
		qb_sql(&q, ", created_at");
	if (stamps)
		qb_sql(&q, ", updated_at");
	qb_sql(&q, ") VALUES (?");
	qb_int(&q, ctx->org_id);
	for (int i = 0; i < cv.n; i++) {
		qb_sql(&q, ", ?");
		bind_colval(&q, &cv.v[i]);
	}
	if (created && !has_created) {
		qb_sql(&q, ", ?");
		qb_text(&q, now);
	}
	if (stamps) {
		qb_sql(&q, ", ?");
		qb_text(&q, now);
	}
	qb_sql(&q, ")%s", db_sql_returning_id(ctx->db));
	if ((rc = db_begin(ctx->db, 1))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		db_rollback(ctx->db);
		goto out;
	}
	if ((rc = db_step_insert(st, id)))
		rc = db_error(ctx->db, err);
	db_done(st);
	st = NULL;
	json_t *custom = NULL;
	if (!rc && in)
		rc = field_values_write(ctx, e, *id, json_object_get(in, "custom"),
					&custom, err);
	if (!rc)
		rc = duplicate_keys_created(ctx, e, *id, colvals_text, &cv, err);
	if (!rc && !e->service_history) {
		json_t *data = colvals_json(&cv);
		custom_history(data, custom, 1);
		struct history_event ev = { .entity = e->name, .entity_id = *id,
					    .action = "create", .data = data };
		rc = history_record(ctx, &ev, err);
		json_decref(data);
	}
	json_decref(custom);
	rc = ctx_tx_end(ctx, rc, err);
out:
	db_done(st);
	qb_release(&q);
	colvals_release(&cv);
	return rc;
}

static int stale_or_missing(struct fc_ctx *ctx, const struct entity *e,
			    int64_t id, int64_t if_version, struct fc_error *err)
{
	int64_t v = 0;
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT version FROM %s WHERE org_id = ? AND id = ?",
		 e->table);
	int rc = db_query_int(ctx->db, &v, sql, "ii", ctx->org_id, id);
	if (rc == FC_ENOTFOUND)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no %s %" PRId64, e->name, id);
	if (rc)
		return db_error(ctx->db, err);
	return fc_fail(err, FC_ESTALE, NULL, "%s %" PRId64 " was changed by someone "
		       "else (version %" PRId64 ", not %" PRId64 ")", e->name, id, v,
		       if_version);
}

int record_update(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		  json_t *patch, json_t *extra, int64_t if_version,
		  struct fc_error *err)
{
	struct colvals cv = { 0 };
	struct qb q;
	char now[TIME_LEN];
	json_t *before = NULL, *custom = NULL;
	int rc;
	int versioned = entity_field(e, "version") != NULL;

	qb_init(&q);
	if ((rc = db_begin(ctx->db, 1))) {
		rc = db_error(ctx->db, err);
		goto out_nt;
	}
	if ((rc = db_lock_row(ctx->db, e->table, ctx->org_id, id))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if ((rc = record_check_access(ctx, e, id, 1, err)))
		goto out;
	if ((rc = record_get(ctx, e, id, &before, err)))
		goto out;
	if ((rc = duplicates_guard(ctx, e, id, before, patch, err)))
		goto out;
	if ((rc = validate(ctx, e, patch, extra, 0, before, &cv, err)))
		goto out;
	if (e->on_update && (rc = e->on_update(ctx, id, before, patch, err)))
		goto out;
	ctx_now_time(ctx, now);
	qb_sql(&q, "UPDATE %s SET ", e->table);
	for (int i = 0; i < cv.n; i++) {
		qb_sql(&q, "%s%s = ?", i ? ", " : "", col_of(cv.v[i].f));
		bind_colval(&q, &cv.v[i]);
	}
	if (versioned) {
		qb_sql(&q, "%supdated_at = ?, version = version + 1", cv.n ? ", " : "");
		qb_text(&q, now);
	} else if (!cv.n) {
		rc = 0;
		goto out;
	}
	qb_sql(&q, " WHERE org_id = ? AND id = ?");
	qb_int(&q, ctx->org_id);
	qb_int(&q, id);
	if (if_version > 0 && versioned) {
		qb_sql(&q, " AND version = ?");
		qb_int(&q, if_version);
	}
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = db_step(st);
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (db_changes(ctx->db) == 0) {
		rc = stale_or_missing(ctx, e, id, if_version, err);
		goto out;
	}
	if ((rc = field_values_write(ctx, e, id, json_object_get(patch, "custom"),
				     &custom, err)))
		goto out;
	if ((rc = duplicate_keys_refresh(ctx, e, id, err)))
		goto out;
	if (cv.n || custom) {
		json_t *after = colvals_json(&cv), *was = json_object();
		for (int i = 0; i < cv.n; i++) {
			const struct field *f = cv.v[i].f;
			char name[64];
			minor_name(f, name, sizeof(name));
			if (f->type == FT_MONEY)
				json_object_set(was, name, json_object_get(before, name));
			else
				json_object_set(was, f->name, json_object_get(before,
									      f->name));
		}
		custom_history(was, custom, 0);
		custom_history(after, custom, 1);
		json_t *data = json_pack("{s:o, s:o}", "before", was, "after", after);
		struct history_event ev = { .entity = e->name, .entity_id = id,
					    .action = "update", .data = data };
		rc = history_record(ctx, &ev, err);
		json_decref(data);
	}
out:
	rc = ctx_tx_end(ctx, rc, err);
out_nt:
	json_decref(custom);
	json_decref(before);
	qb_release(&q);
	colvals_release(&cv);
	return rc;
}

int record_delete(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		  int64_t if_version, struct fc_error *err)
{
	char sql[160];
	int rc;
	if (!e->deletable)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "%s cannot be deleted",
			       e->plural);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, e, id, 1, err)))
		goto out;
	if (if_version > 0) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE org_id = ? AND id = ? "
			 "AND version = ?", e->table);
		rc = db_run(ctx->db, sql, "iii", ctx->org_id, id, if_version);
	} else {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE org_id = ? AND id = ?",
			 e->table);
		rc = db_run(ctx->db, sql, "ii", ctx->org_id, id);
	}
	if (rc < 0) {
		if (ctx->db->last_error == FC_ECONFLICT)
			rc = fc_fail(err, FC_ECONFLICT, NULL, "%s %" PRId64 " is still "
				     "referenced by other records", e->name, id);
		else
			rc = db_error(ctx->db, err);
		goto out;
	}
	if (db_changes(ctx->db) == 0) {
		rc = stale_or_missing(ctx, e, id, if_version, err);
		goto out;
	}
	if ((rc = field_values_forget(ctx, e, id, err)) ||
	    (rc = duplicate_keys_refresh(ctx, e, id, err)))
		goto out;
	/* access rows that pointed at it go too */
	if ((rc = db_run(ctx->db, "DELETE FROM shares WHERE org_id = ? AND entity = ? "
			 "AND entity_id = ?", "isi", ctx->org_id, e->name, id)) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	struct history_event ev = { .entity = e->name, .entity_id = id,
				    .action = "delete" };
	rc = history_record(ctx, &ev, err);
out:
	return ctx_tx_end(ctx, rc, err);
}
