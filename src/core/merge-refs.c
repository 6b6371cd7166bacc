/* The references a merge moves, and the rows it keeps so that an undo
 * restores them exactly; see merge-internal.h. Rows are kept as the text of
 * each column (NULL as null): both dialects read every column as text and
 * convert the text back to the column's type when it is bound. */
#include <string.h>

#include "core/merge.h"
#include "core/merge-internal.h"
#include "util/buf.h"
#include "util/banned.h"

/* Every column of the schema (sql/) that names a contact or an account. History
 * events are not here: they keep naming the record they were about, and
 * the survivor's timeline reads the merged record's events through the
 * merge (core/timeline.c). A new reference is one more row. */
/* A custom value is named by its record and field together (one text, the
 * same in both dialects). */
#define CUSTOM_VALUE_KEY "kind || ':' || record_id || ':' || field_id"

const struct merge_ref merge_refs[] = {
	{ "contact", "deals", "contact_id", "id", NULL, 0, 1 },
	{ "contact", "stakeholders", "contact_id", "deal_id", NULL, 1, 0 },
	{ "contact", "interactions", "contact_id", "id", NULL, 0, 1 },
	{ "contact", "wants", "contact_id", "id", NULL, 0, 1 },
	{ "contact", "next_steps", "contact_id", "id", NULL, 0, 1 },
	{ "contact", "referrals", "from_contact_id", "id", NULL, 0, 1 },
	{ "contact", "referrals", "contact_id", "id", NULL, 0, 1 },
	{ "contact", "contacts", "referred_by_id", "id", NULL, 0, 1 },
	{ "contact", "accounts", "referred_by_id", "id", NULL, 0, 1 },
	{ "contact", "shares", "entity_id", "user_id", "entity = 'contact'", 1, 0 },
	{ "contact", "import_keys", "id", "ext_id", "entity = 'contact'", 0, 0 },
	/* custom fields (core/field.c): the record's own values, the
	 * survivor's kept where both hold one; and links from any record */
	{ "contact", "custom_values", "record_id", "field_id",
	  "kind = 'contact'", 1, 0 },
	{ "contact", "custom_values", "number_value", CUSTOM_VALUE_KEY,
	  "field_id IN (SELECT id FROM custom_fields WHERE type = 'contact')",
	  0, 0 },
	{ "account", "contacts", "account_id", "id", NULL, 0, 1 },
	{ "account", "deals", "account_id", "id", NULL, 0, 1 },
	{ "account", "referrals", "from_account_id", "id", NULL, 0, 1 },
	{ "account", "shares", "entity_id", "user_id", "entity = 'account'", 1, 0 },
	{ "account", "import_keys", "id", "ext_id", "entity = 'account'", 0, 0 },
	{ "account", "custom_values", "record_id", "field_id",
	  "kind = 'account'", 1, 0 },
	{ "account", "custom_values", "number_value", CUSTOM_VALUE_KEY,
	  "field_id IN (SELECT id FROM custom_fields WHERE type = 'account')",
	  0, 0 },
	{ NULL, NULL, NULL, NULL, NULL, 0, 0 }
};

static void bind_value(struct db_stmt *st, int i, json_t *v)
{
	if (json_is_string(v))
		db_bind_text(st, i, json_string_value(v));
	else
		db_bind_null(st, i);
}

/* A kept row's column names reach SQL text: only names as the schema
 * spells them (a restored backup could hold anything). */
static int columns_ok(json_t *row, struct fc_error *err)
{
	const char *col;
	json_t *v;
	json_object_foreach(row, col, v) {
		size_t n = strspn(col, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (!n || col[n] || n > 63)
			return fc_fail(err, FC_ESTORE, NULL, "merge record holds "
				       "a bad column name");
	}
	return 0;
}

static json_t *row_of(struct db_stmt *st)
{
	json_t *row = json_object();
	for (int i = 0; i < db_col_count(st); i++)
		json_object_set_new(row, db_col_name(st, i),
				    db_col_is_null(st, i) ? json_null() :
				    json_string(db_col_text(st, i)));
	return row;
}

int merge_row_read(struct fc_ctx *ctx, const char *table, int64_t id,
		   json_t **out, struct fc_error *err)
{
	struct buf sql = BUF_INIT;
	int rc;
	*out = NULL;
	buf_addf(&sql, "SELECT * FROM %s WHERE org_id = ? AND id = ?", table);
	struct db_stmt *st = db_prepare(ctx->db, sql.s);
	buf_release(&sql);
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, id);
	rc = db_step(st);
	if (rc > 0)
		*out = row_of(st);
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (rc == 0)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no row %lld of %s",
			       (long long)id, table);
	return 0;
}

int merge_row_insert(struct fc_ctx *ctx, const char *table, json_t *row,
		     struct fc_error *err)
{
	struct buf sql = BUF_INIT, vals = BUF_INIT;
	const char *col;
	json_t *v;
	int n = 0, rc;
	if ((rc = columns_ok(row, err)))
		return rc;
	buf_addf(&sql, "INSERT INTO %s (", table);
	json_object_foreach(row, col, v) {
		buf_addf(&sql, "%s%s", n ? ", " : "", col);
		buf_adds(&vals, n++ ? ", ?" : "?");
	}
	buf_addf(&sql, ") VALUES (%s)", vals.s);
	struct db_stmt *st = db_prepare(ctx->db, sql.s);
	buf_release(&sql);
	buf_release(&vals);
	if (!st)
		return db_error(ctx->db, err);
	n = 0;
	json_object_foreach(row, col, v)
		bind_value(st, ++n, v);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int merge_row_restore(struct fc_ctx *ctx, const char *table, int64_t id,
		      json_t *row, struct fc_error *err)
{
	struct buf sql = BUF_INIT;
	const char *col;
	json_t *v;
	int n = 0, rc;
	if ((rc = columns_ok(row, err)))
		return rc;
	buf_addf(&sql, "UPDATE %s SET ", table);
	json_object_foreach(row, col, v) {
		if (!strcmp(col, "org_id") || !strcmp(col, "id"))
			continue;
		buf_addf(&sql, "%s%s = ?", n++ ? ", " : "", col);
	}
	buf_adds(&sql, " WHERE org_id = ? AND id = ?");
	struct db_stmt *st = db_prepare(ctx->db, sql.s);
	buf_release(&sql);
	if (!st)
		return db_error(ctx->db, err);
	n = 0;
	json_object_foreach(row, col, v)
		if (strcmp(col, "org_id") && strcmp(col, "id"))
			bind_value(st, ++n, v);
	db_bind_int(st, ++n, ctx->org_id);
	db_bind_int(st, ++n, id);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* " AND scope" and, in the merged record's own table, leaving out the two
 * records themselves (a contact referred by the other one): what selects
 * the rows of R that name FROM (bound by the caller). */
static void where_of(struct buf *sql, const struct merge_ref *r,
		     const char *table, int64_t from, int64_t to)
{
	buf_addf(sql, " WHERE org_id = ? AND %s = ?", r->column);
	if (r->scope)
		buf_addf(sql, " AND %s", r->scope);
	if (!strcmp(r->table, table))
		buf_addf(sql, " AND id NOT IN (%lld, %lld)", (long long)from,
			 (long long)to);
}

/* Sets aside the rows of unique R naming FROM whose key the survivor TO
 * already has: kept in REMOVED, then deleted. */
static int set_aside(struct fc_ctx *ctx, const struct merge_ref *r,
		     const char *table, int64_t from, int64_t to,
		     json_t *removed, int64_t *count, struct fc_error *err)
{
	struct buf cond = BUF_INIT, sql = BUF_INIT;
	int rc;
	where_of(&cond, r, table, from, to);
	buf_addf(&cond, " AND %s IN (SELECT x.%s FROM %s x WHERE x.org_id = ? "
		 "AND x.%s = ?%s%s)", r->key, r->key, r->table, r->column,
		 r->scope ? " AND x." : "", r->scope ? r->scope : "");
	buf_addf(&sql, "SELECT * FROM %s%s", r->table, cond.s);
	struct db_stmt *st = db_prepare(ctx->db, sql.s);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, ctx->org_id);
	db_bind_int(st, 4, to);
	while ((rc = db_step(st)) > 0) {
		json_array_append_new(removed, json_pack("{s:s, s:o}", "table",
				      r->table, "row", row_of(st)));
		++*count;
	}
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	buf_clear(&sql);
	buf_addf(&sql, "DELETE FROM %s%s", r->table, cond.s);
	rc = db_run(ctx->db, sql.s, "iiii", ctx->org_id, from, ctx->org_id, to)
		< 0 ? db_error(ctx->db, err) : 0;
out:
	buf_release(&cond);
	buf_release(&sql);
	return rc;
}

static int move_one(struct fc_ctx *ctx, const struct merge_ref *r,
		    const char *table, int64_t from, int64_t to,
		    json_t *refs, int64_t *count, struct fc_error *err)
{
	struct buf cond = BUF_INIT, sql = BUF_INIT;
	json_t *keys = json_array();
	char now[21];
	int rc;
	ctx_now_time(ctx, now);
	where_of(&cond, r, table, from, to);
	buf_addf(&sql, "SELECT %s FROM %s%s ORDER BY %s", r->key, r->table,
		 cond.s, r->key);
	struct db_stmt *st = db_prepare(ctx->db, sql.s);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, from);
	while ((rc = db_step(st)) > 0 && ++*count <= MERGE_REFS_MAX)
		json_array_append_new(keys, json_string(db_col_text(st, 0)));
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (*count > MERGE_REFS_MAX) {
		rc = fc_fail(err, FC_ELIMIT, NULL, "a merge moves at most %d "
			     "references", MERGE_REFS_MAX);
		goto out;
	}
	if (!json_array_size(keys))
		goto out;
	buf_clear(&sql);
	buf_addf(&sql, "UPDATE %s SET %s = ?%s%s", r->table, r->column,
		 r->stamped ? ", version = version + 1, updated_at = ?" : "",
		 cond.s);
	if ((r->stamped ? db_run(ctx->db, sql.s, "isii", to, now, ctx->org_id,
				 from) :
	     db_run(ctx->db, sql.s, "iii", to, ctx->org_id, from)) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_array_append_new(refs, json_pack("{s:s, s:s, s:s, s:O}", "table",
			      r->table, "column", r->column, "key", r->key,
			      "keys", keys));
out:
	json_decref(keys);
	buf_release(&cond);
	buf_release(&sql);
	return rc;
}

int merge_refs_move(struct fc_ctx *ctx, const char *entity, const char *table,
		    int64_t from, int64_t to, json_t *moved, int64_t *count,
		    struct fc_error *err)
{
	json_t *refs = json_object_get(moved, "refs");
	json_t *removed = json_object_get(moved, "removed");
	int rc;
	for (const struct merge_ref *r = merge_refs; r->entity; r++) {
		if (strcmp(r->entity, entity))
			continue;
		if (r->unique && (rc = set_aside(ctx, r, table, from, to,
						 removed, count, err)))
			return rc;
		if ((rc = move_one(ctx, r, table, from, to, refs, count, err)))
			return rc;
	}
	return 0;
}

/* The ref of MOVED's entry E, checked against merge_refs[] so that only
 * the listed tables and columns reach SQL text. */
static const struct merge_ref *ref_of(const char *entity, json_t *e)
{
	const char *t = json_string_value(json_object_get(e, "table"));
	const char *c = json_string_value(json_object_get(e, "column"));
	for (const struct merge_ref *r = merge_refs; r->entity && t && c; r++)
		if (!strcmp(r->entity, entity) && !strcmp(r->table, t) &&
		    !strcmp(r->column, c))
			return r;
	return NULL;
}

int merge_refs_back(struct fc_ctx *ctx, const char *entity, int64_t from,
		    int64_t to, json_t *moved, struct fc_error *err)
{
	char now[21];
	size_t i, k;
	json_t *e, *key;
	int rc;
	ctx_now_time(ctx, now);
	json_array_foreach(json_object_get(moved, "refs"), i, e) {
		const struct merge_ref *r = ref_of(entity, e);
		struct buf sql = BUF_INIT;
		if (!r)
			return fc_fail(err, FC_ESTORE, NULL, "merge record names "
				       "an unknown reference");
		buf_addf(&sql, "UPDATE %s SET %s = ?%s WHERE org_id = ? AND "
			 "%s = ? AND %s = ?%s%s", r->table, r->column,
			 r->stamped ? ", version = version + 1, updated_at = ?" : "",
			 r->column, r->key, r->scope ? " AND " : "",
			 r->scope ? r->scope : "");
		json_array_foreach(json_object_get(e, "keys"), k, key) {
			rc = r->stamped ?
				db_run(ctx->db, sql.s, "isiis", from, now,
				       ctx->org_id, to, json_string_value(key)) :
				db_run(ctx->db, sql.s, "iiis", from, ctx->org_id,
				       to, json_string_value(key));
			if (rc < 0) {
				buf_release(&sql);
				return db_error(ctx->db, err);
			}
		}
		buf_release(&sql);
	}
	json_array_foreach(json_object_get(moved, "removed"), i, e) {
		const char *t = json_string_value(json_object_get(e, "table"));
		const struct merge_ref *r = NULL;
		for (const struct merge_ref *x = merge_refs; x->entity && t; x++)
			if (!strcmp(x->entity, entity) && !strcmp(x->table, t) &&
			    x->unique)
				r = x;
		if (!r)
			return fc_fail(err, FC_ESTORE, NULL, "merge record names "
				       "an unknown table");
		if ((rc = merge_row_insert(ctx, r->table,
					   json_object_get(e, "row"), err)))
			return rc;
	}
	return 0;
}
