/* Merging contacts and accounts, and undoing a merge the same day; see
 * merge.h. The references a merge moves are one table, merge_refs[] in
 * merge-refs.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duplicate.h"
#include "core/history.h"
#include "core/merge.h"
#include "core/merge-internal.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static int kind_ok(const struct entity *e, struct fc_error *err)
{
	if (e != &entity_contact && e != &entity_account)
		return fc_fail(err, FC_EINVAL, NULL, "only contacts and accounts "
			       "are merged");
	return 0;
}

/* A field the merge chooses: one a client may set. */
static int mergeable(const struct field *f)
{
	return !(f->flags & (FF_READONLY | FF_INTERNAL | FF_HIDDEN));
}

static int empty(json_t *v)
{
	return !v || json_is_null(v) ||
	       (json_is_string(v) && !*json_string_value(v)) ||
	       (json_is_array(v) && !json_array_size(v)) ||
	       (json_is_object(v) && !json_object_size(v));
}

static const char *col_of(const struct field *f)
{
	return f->column ? f->column : f->name;
}

/* Record ID of E, which the caller may edit: not found when there is no
 * such record, refused (merge-access) when it is someone else's. */
static int may_merge(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		     struct fc_error *err)
{
	struct buf sql = BUF_INIT;
	int64_t n = 0;
	int rc = record_check_access(ctx, e, id, 1, err);
	if (rc != FC_ENOTFOUND)
		return rc;
	buf_addf(&sql, "SELECT COUNT(*) FROM %s WHERE org_id = ? AND id = ?",
		 e->table);
	if (db_query_int(ctx->db, &n, sql.s, "ii", ctx->org_id, id) < 0)
		rc = db_error(ctx->db, err);
	else if (n)
		rc = fc_refuse(err, "merge-access", "%s %" PRId64 " is not yours "
			       "to change, so it cannot be merged", e->name, id);
	buf_release(&sql);
	return rc;
}

/* --- what the survivor keeps ---------------------------------------------- */

struct plan {
	json_t *survivor, *other;	/* the records as the API shows them */
	json_t *fields;			/* the preview's "fields" */
	json_t *result;			/* the survivor's fields after */
	json_t *taken;			/* names of fields taken from other */
	json_t *set;			/* {column: field} the merge writes */
};

static void plan_release(struct plan *p)
{
	json_decref(p->survivor);
	json_decref(p->other);
	json_decref(p->fields);
	json_decref(p->result);
	json_decref(p->taken);
	json_decref(p->set);
	memset(p, 0, sizeof(*p));
}

static int take_check(const struct entity *e, json_t *take,
		      struct fc_error *err)
{
	const char *name;
	json_t *v;
	if (!take || json_is_null(take))
		return 0;
	if (!json_is_object(take))
		return fc_fail(err, FC_EINVAL, "take", "'take' must be an object "
			       "of field: \"survivor\" or \"other\"");
	json_object_foreach(take, name, v) {
		const struct field *f = entity_field(e, name);
		const char *s = json_string_value(v);
		if (!f || !mergeable(f))
			return fc_fail(err, FC_EINVAL, "take", "'%s' is not a field "
				       "a merge chooses for %s", name, e->plural);
		if (!s || (strcmp(s, "survivor") && strcmp(s, "other")))
			return fc_fail(err, FC_EINVAL, "take", "'take' of '%s' must "
				       "be \"survivor\" or \"other\"", name);
	}
	return 0;
}

/* A record cannot refer to itself: the survivor referred by the other
 * record, or the other way round, is referred by nobody after the merge. */
static int self_ref(const struct entity *e, const struct field *f, json_t *v,
		    int64_t survivor, int64_t other)
{
	return f->type == FT_REF && !strcmp(f->ref, e->name) &&
	       json_is_integer(v) && (json_integer_value(v) == survivor ||
				      json_integer_value(v) == other);
}

static int plan_make(struct fc_ctx *ctx, const struct entity *e,
		     int64_t survivor, int64_t other, json_t *take,
		     struct plan *p, struct fc_error *err)
{
	int rc;
	memset(p, 0, sizeof(*p));
	if ((rc = kind_ok(e, err)) || (rc = take_check(e, take, err)))
		return rc;
	if (survivor == other)
		return fc_fail(err, FC_EINVAL, "other_id", "a %s is not merged "
			       "with itself", e->name);
	if ((rc = may_merge(ctx, e, survivor, err)) ||
	    (rc = may_merge(ctx, e, other, err)) ||
	    (rc = record_get(ctx, e, survivor, &p->survivor, err)) ||
	    (rc = record_get(ctx, e, other, &p->other, err))) {
		plan_release(p);
		return rc;
	}
	p->fields = json_array();
	p->result = json_object();
	p->taken = json_array();
	p->set = json_object();
	for (const struct field *f = e->fields; f->name; f++) {
		if (!mergeable(f))
			continue;
		json_t *sv = json_object_get(p->survivor, f->name);
		json_t *ov = json_object_get(p->other, f->name);
		const char *how = json_string_value(json_object_get(take ? take :
						    NULL, f->name));
		json_t *ov_kept = self_ref(e, f, ov, survivor, other) ?
				  json_null() : ov;
		int from_other = how ? !strcmp(how, "other") :
			(empty(sv) && !empty(ov_kept));
		json_t *v = from_other ? ov_kept : sv;
		if (self_ref(e, f, v, survivor, other))
			v = json_null();
		json_array_append_new(p->fields, json_pack("{s:s, s:O, s:O, s:s}",
			"name", f->name, "survivor", sv ? sv : json_null(),
			"other", ov ? ov : json_null(), "take",
			from_other ? "other" : "survivor"));
		json_object_set(p->result, f->name, v ? v : json_null());
		if (from_other)
			json_array_append_new(p->taken, json_string(f->name));
		if (!json_equal(v ? v : json_null(), sv ? sv : json_null()))
			json_object_set_new(p->set, col_of(f), json_pack("{s:s, s:b}",
				"field", f->name, "null", json_is_null(v)));
	}
	return 0;
}

int merge_preview(struct fc_ctx *ctx, const struct entity *e,
		  int64_t survivor, int64_t other, json_t *take, json_t **out,
		  struct fc_error *err)
{
	struct plan p;
	int rc;
	*out = NULL;
	if ((rc = db_begin(ctx->db, 0)))
		return db_error(ctx->db, err);
	if (!(rc = plan_make(ctx, e, survivor, other, take, &p, err))) {
		*out = json_pack("{s:O, s:O, s:O, s:O}", "survivor", p.survivor,
				 "other", p.other, "fields", p.fields, "result",
				 p.result);
		plan_release(&p);
	}
	return ctx_tx_end(ctx, rc, err);
}

/* --- merging ---------------------------------------------------------------- */

/* Writes the plan's chosen values over the survivor: the other record's
 * column text (ORow), or NULL where a self-reference was dropped. */
static int survivor_write(struct fc_ctx *ctx, const struct entity *e,
			  int64_t survivor, struct plan *p, json_t *orow,
			  struct fc_error *err)
{
	struct buf sql = BUF_INIT;
	char now[TIME_LEN];
	const char *col;
	json_t *v;
	int n = 0, rc;
	ctx_now_time(ctx, now);
	buf_addf(&sql, "UPDATE %s SET ", e->table);
	json_object_foreach(p->set, col, v)
		buf_addf(&sql, "%s = ?, ", col);
	buf_adds(&sql, "updated_at = ?, version = version + 1 WHERE org_id = ? "
		 "AND id = ?");
	struct db_stmt *st = db_prepare(ctx->db, sql.s);
	buf_release(&sql);
	if (!st)
		return db_error(ctx->db, err);
	json_object_foreach(p->set, col, v) {
		json_t *text = json_object_get(orow, col);
		if (json_is_true(json_object_get(v, "null")) || !json_is_string(text))
			db_bind_null(st, ++n);
		else
			db_bind_text(st, ++n, json_string_value(text));
	}
	db_bind_text(st, ++n, now);
	db_bind_int(st, ++n, ctx->org_id);
	db_bind_int(st, ++n, survivor);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* {"TABLE.COLUMN": rows} of MOVED's refs. */
static json_t *moved_counts(json_t *moved)
{
	json_t *counts = json_object(), *r;
	size_t i;
	json_array_foreach(json_object_get(moved, "refs"), i, r) {
		char key[128];
		snprintf(key, sizeof(key), "%s.%s",
			 json_string_value(json_object_get(r, "table")),
			 json_string_value(json_object_get(r, "column")));
		json_object_set_new(counts, key, json_integer((json_int_t)
			json_array_size(json_object_get(r, "keys"))));
	}
	return counts;
}

/* {"field": {"before", "after"}} of the fields the merge changed. */
static json_t *changes_of(struct plan *p)
{
	json_t *out = json_object(), *v;
	const char *col;
	json_object_foreach(p->set, col, v) {
		const char *name = json_string_value(json_object_get(v, "field"));
		json_object_set_new(out, name, json_pack("{s:O, s:O}", "before",
			json_object_get(p->survivor, name), "after",
			json_object_get(p->result, name)));
	}
	return out;
}

static int record_events(struct fc_ctx *ctx, const struct entity *e,
			 int64_t survivor, int64_t other, int64_t merge_id,
			 struct plan *p, json_t *moved, struct fc_error *err)
{
	const char *sname = json_string_value(json_object_get(p->survivor, "name"));
	const char *oname = json_string_value(json_object_get(p->other, "name"));
	json_t *data = json_pack("{s:I, s:I, s:o, s:o}", "merge_id",
				 (json_int_t)merge_id, "merged_id",
				 (json_int_t)other, "changes", changes_of(p),
				 "moved", moved_counts(moved));
	struct history_event ev = { .entity = e->name, .entity_id = survivor,
		.action = "merge", .reason = oname, .data = data };
	int rc = history_record(ctx, &ev, err);
	json_decref(data);
	if (rc)
		return rc;
	data = json_pack("{s:I, s:I}", "merge_id", (json_int_t)merge_id,
			 "survivor_id", (json_int_t)survivor);
	struct history_event gone = { .entity = e->name, .entity_id = other,
		.action = "merged", .reason = sname, .data = data };
	rc = history_record(ctx, &gone, err);
	json_decref(data);
	return rc;
}

static int merge_store(struct fc_ctx *ctx, const struct entity *e,
		       int64_t survivor, int64_t other, struct plan *p,
		       json_t *srow, json_t *orow, json_t *moved, int64_t *id,
		       struct fc_error *err)
{
	char now[TIME_LEN], *s_text, *o_text, *m_text;
	int64_t version = 0;
	int rc = 0;
	ctx_now_time(ctx, now);
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "SELECT version FROM %s WHERE org_id = ? AND id = ?",
		 e->table);
	rc = db_query_int(ctx->db, &version, sql.s, "ii", ctx->org_id, survivor);
	buf_release(&sql);
	if (rc < 0)
		return db_error(ctx->db, err);
	s_text = json_dumps(srow, JSON_COMPACT);
	o_text = json_dumps(orow, JSON_COMPACT);
	m_text = json_dumps(moved, JSON_COMPACT);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO merges (org_id, "
		"entity, survivor_id, merged_id, merged_name, survivor_row, "
		"survivor_version, merged_row, moved, merged_by, merged_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st || !s_text || !o_text || !m_text) {
		rc = st ? fc_fail(err, FC_ESTORE, NULL, "out of memory") :
			db_error(ctx->db, err);
		goto out;
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_text(st, 2, e->name);
	db_bind_int(st, 3, survivor);
	db_bind_int(st, 4, other);
	db_bind_text(st, 5, json_string_value(json_object_get(p->other, "name")));
	db_bind_text(st, 6, s_text);
	db_bind_int(st, 7, version);
	db_bind_text(st, 8, o_text);
	db_bind_text(st, 9, m_text);
	if (ctx->user.id)
		db_bind_int(st, 10, ctx->user.id);
	else
		db_bind_null(st, 10);
	db_bind_text(st, 11, now);
	rc = db_step(st);
	if (rc > 0)
		*id = db_col_int(st, 0);
	db_done(st);
	rc = rc < 0 ? db_error(ctx->db, err) : 0;
out:
	free(s_text);
	free(o_text);
	free(m_text);
	return rc;
}

int merge_records(struct fc_ctx *ctx, const struct entity *e,
		  int64_t survivor, int64_t other, json_t *take,
		  int64_t *merge_id, struct fc_error *err)
{
	struct plan p = { 0 };
	json_t *srow = NULL, *orow = NULL, *moved = NULL;
	struct buf sql = BUF_INIT;
	int64_t count = 0;
	int rc;
	*merge_id = 0;
	if ((rc = kind_ok(e, err)))
		return rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = db_lock_row(ctx->db, e->table, ctx->org_id, survivor)) ||
	    (rc = db_lock_row(ctx->db, e->table, ctx->org_id, other))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if ((rc = plan_make(ctx, e, survivor, other, take, &p, err)) ||
	    (rc = merge_row_read(ctx, e->table, survivor, &srow, err)) ||
	    (rc = merge_row_read(ctx, e->table, other, &orow, err)))
		goto out;
	moved = json_pack("{s:O, s:[], s:[]}", "taken", p.taken, "refs",
			  "removed");
	buf_addf(&sql, "DELETE FROM %s WHERE org_id = ? AND id = ?", e->table);
	if ((rc = survivor_write(ctx, e, survivor, &p, orow, err)) ||
	    (rc = merge_refs_move(ctx, e->name, e->table, other, survivor,
				  moved, &count, err)))
		goto out;
	if (db_run(ctx->db, sql.s, "ii", ctx->org_id, other) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* both rows were written here, not through record.c */
	if ((rc = duplicate_keys_refresh(ctx, e, survivor, err)) ||
	    (rc = duplicate_keys_refresh(ctx, e, other, err)) ||
	    (rc = merge_store(ctx, e, survivor, other, &p, srow, orow, moved,
			      merge_id, err)))
		goto out;
	rc = record_events(ctx, e, survivor, other, *merge_id, &p, moved, err);
out:
	buf_release(&sql);
	plan_release(&p);
	json_decref(srow);
	json_decref(orow);
	json_decref(moved);
	return ctx_tx_end(ctx, rc, err);
}

/* --- reading and undoing ------------------------------------------------- */

struct merge_row {
	int64_t id, survivor, merged, version, merged_by, undone_by;
	char entity[16], merged_at[TIME_LEN], undone_at[TIME_LEN];
	char *name;
	json_t *srow, *orow, *moved;
};

static void merge_row_release(struct merge_row *m)
{
	free(m->name);
	json_decref(m->srow);
	json_decref(m->orow);
	json_decref(m->moved);
	memset(m, 0, sizeof(*m));
}

static int merge_load(struct fc_ctx *ctx, int64_t id, struct merge_row *m,
		      struct fc_error *err)
{
	memset(m, 0, sizeof(*m));
	struct db_stmt *st = db_prepare(ctx->db, "SELECT entity, survivor_id, "
		"merged_id, merged_name, survivor_row, survivor_version, "
		"merged_row, moved, merged_by, merged_at, undone_by, undone_at "
		"FROM merges WHERE org_id = ? AND id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc > 0) {
		m->id = id;
		snprintf(m->entity, sizeof(m->entity), "%s", db_col_text(st, 0));
		m->survivor = db_col_int(st, 1);
		m->merged = db_col_int(st, 2);
		m->name = xstrdup(db_col_text(st, 3));
		m->srow = json_loads(db_col_text(st, 4), 0, NULL);
		m->version = db_col_int(st, 5);
		m->orow = json_loads(db_col_text(st, 6), 0, NULL);
		m->moved = json_loads(db_col_text(st, 7), 0, NULL);
		m->merged_by = db_col_is_null(st, 8) ? 0 : db_col_int(st, 8);
		snprintf(m->merged_at, sizeof(m->merged_at), "%s",
			 db_col_text(st, 9));
		m->undone_by = db_col_is_null(st, 10) ? 0 : db_col_int(st, 10);
		snprintf(m->undone_at, sizeof(m->undone_at), "%s",
			 db_col_is_null(st, 11) ? "" : db_col_text(st, 11));
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (rc == 0)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no merge %" PRId64, id);
	if (!entity_find(m->entity) || !json_is_object(m->srow) ||
	    !json_is_object(m->orow) || !json_is_object(m->moved) ||
	    !json_is_array(json_object_get(m->moved, "taken")) ||
	    !json_is_array(json_object_get(m->moved, "refs")) ||
	    !json_is_array(json_object_get(m->moved, "removed"))) {
		merge_row_release(m);
		return fc_fail(err, FC_ESTORE, NULL, "merge %" PRId64 " is "
			       "unreadable", id);
	}
	return 0;
}

/* Why merge M cannot be undone now (a refusal in ERR), or 0. */
static int undo_refusal(struct fc_ctx *ctx, struct merge_row *m,
			struct fc_error *err)
{
	const struct entity *e = entity_find(m->entity);
	char today[DATE_LEN];
	struct buf sql = BUF_INIT;
	int64_t version = -1;
	int rc = 0;
	ctx_today(ctx, today);
	if (m->undone_at[0])
		return fc_refuse(err, "merge-undone", "merge %" PRId64 " was "
				 "undone at %s", m->id, m->undone_at);
	if (strncmp(m->merged_at, today, 10))
		return fc_refuse(err, "merge-undo-day", "merge %" PRId64 " was "
				 "made on %.10s: a merge is undone the same day",
				 m->id, m->merged_at);
	buf_addf(&sql, "SELECT COALESCE(MAX(version), -1) FROM %s WHERE "
		 "org_id = ? AND id = ?", e->table);
	if (db_query_int(ctx->db, &version, sql.s, "ii", ctx->org_id,
			 m->survivor) < 0)
		rc = db_error(ctx->db, err);
	else if (version != m->version)
		rc = fc_refuse(err, "merge-undo-changed", "%s %" PRId64 " has "
			       "changed since merge %" PRId64 ", which therefore "
			       "cannot restore it", e->name, m->survivor, m->id);
	buf_release(&sql);
	return rc;
}

static json_t *merge_json(struct fc_ctx *ctx, struct merge_row *m)
{
	struct fc_error ignored;
	json_t *o = json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:O, s:o, s:I, "
		"s:b}", "id", (json_int_t)m->id, "entity", m->entity,
		"survivor_id", (json_int_t)m->survivor, "merged_id",
		(json_int_t)m->merged, "merged_name", m->name, "merged_at",
		m->merged_at, "taken", json_object_get(m->moved, "taken"),
		"moved", moved_counts(m->moved), "set_aside", (json_int_t)
		json_array_size(json_object_get(m->moved, "removed")),
		"undoable", undo_refusal(ctx, m, &ignored) == 0);
	json_object_set_new(o, "merged_by", m->merged_by ?
			    json_integer(m->merged_by) : json_null());
	json_object_set_new(o, "undone_at", m->undone_at[0] ?
			    json_string(m->undone_at) : json_null());
	json_object_set_new(o, "undone_by", m->undone_by ?
			    json_integer(m->undone_by) : json_null());
	return o;
}

/* Whether ctx->user sees merge M: its survivor, or either record once the
 * merge is undone (or the survivor is gone). */
static int merge_visible(struct fc_ctx *ctx, struct merge_row *m,
			 struct fc_error *err)
{
	const struct entity *e = entity_find(m->entity);
	if (!record_check_access(ctx, e, m->survivor, 0, NULL) ||
	    !record_check_access(ctx, e, m->merged, 0, NULL))
		return 0;
	return fc_fail(err, FC_ENOTFOUND, NULL, "no merge %" PRId64, m->id);
}

int merge_get(struct fc_ctx *ctx, int64_t id, json_t **out,
	      struct fc_error *err)
{
	struct merge_row m;
	int rc;
	*out = NULL;
	if ((rc = db_begin(ctx->db, 0)))
		return db_error(ctx->db, err);
	if (!(rc = merge_load(ctx, id, &m, err))) {
		if (!(rc = merge_visible(ctx, &m, err)))
			*out = merge_json(ctx, &m);
		merge_row_release(&m);
	}
	return ctx_tx_end(ctx, rc, err);
}

int merge_list(struct fc_ctx *ctx, const struct entity *e, int64_t id,
	       json_t **out, struct fc_error *err)
{
	json_t *ids = json_array(), *items = json_array(), *v;
	struct db_stmt *st;
	size_t i;
	int rc;
	*out = NULL;
	if ((rc = kind_ok(e, err)))
		goto done;
	if ((rc = db_begin(ctx->db, 0))) {
		rc = db_error(ctx->db, err);
		goto done;
	}
	if ((rc = record_check_access(ctx, e, id, 0, err)))
		goto out;
	st = db_prepare(ctx->db, "SELECT id FROM merges WHERE "
		"org_id = ? AND entity = ? AND survivor_id = ? ORDER BY id DESC "
		"LIMIT 100");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_text(st, 2, e->name);
	db_bind_int(st, 3, id);
	while ((rc = db_step(st)) > 0)
		json_array_append_new(ids, json_integer(db_col_int(st, 0)));
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = 0;
	json_array_foreach(ids, i, v) {
		struct merge_row m;
		if ((rc = merge_load(ctx, json_integer_value(v), &m, err)))
			break;
		json_array_append_new(items, merge_json(ctx, &m));
		merge_row_release(&m);
	}
out:
	rc = ctx_tx_end(ctx, rc, err);
done:
	if (!rc)
		*out = json_pack("{s:O}", "items", items);
	json_decref(items);
	json_decref(ids);
	return rc;
}

static int undo_events(struct fc_ctx *ctx, struct merge_row *m,
		       const char *survivor_name, struct fc_error *err)
{
	json_t *data = json_pack("{s:I, s:I}", "merge_id", (json_int_t)m->id,
				 "merged_id", (json_int_t)m->merged);
	struct history_event ev = { .entity = m->entity,
		.entity_id = m->survivor, .action = "unmerge",
		.reason = m->name, .data = data };
	int rc = history_record(ctx, &ev, err);
	json_decref(data);
	if (rc)
		return rc;
	data = json_pack("{s:I, s:I}", "merge_id", (json_int_t)m->id,
			 "survivor_id", (json_int_t)m->survivor);
	struct history_event back = { .entity = m->entity,
		.entity_id = m->merged, .action = "unmerged",
		.reason = survivor_name, .data = data };
	rc = history_record(ctx, &back, err);
	json_decref(data);
	return rc;
}

int merge_undo(struct fc_ctx *ctx, int64_t id, struct fc_error *err)
{
	struct merge_row m = { 0 };
	const struct entity *e;
	char now[TIME_LEN];
	int rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = merge_load(ctx, id, &m, err)))
		goto out;
	e = entity_find(m.entity);
	if ((rc = merge_visible(ctx, &m, err)) ||
	    (rc = db_lock_row(ctx->db, e->table, ctx->org_id, m.survivor) ?
		  db_error(ctx->db, err) : 0) ||
	    (rc = may_merge(ctx, e, m.survivor, err)) ||
	    (rc = undo_refusal(ctx, &m, err)))
		goto out;
	/* the merged record first, so that what moves back finds it; the
	 * survivor last, over what the merge wrote */
	if ((rc = merge_row_insert(ctx, e->table, m.orow, err)) ||
	    (rc = merge_refs_back(ctx, m.entity, m.merged, m.survivor, m.moved,
				  err)) ||
	    (rc = merge_row_restore(ctx, e->table, m.survivor, m.srow, err)) ||
	    (rc = duplicate_keys_refresh(ctx, e, m.survivor, err)) ||
	    (rc = duplicate_keys_refresh(ctx, e, m.merged, err)))
		goto out;
	/* a contact's has_deal follows its deals (sql/017), whichever came
	 * to the survivor since */
	if (e == &entity_contact &&
	    db_run(ctx->db, "UPDATE contacts SET has_deal = CASE WHEN EXISTS "
		   "(SELECT 1 FROM deals d WHERE d.org_id = contacts.org_id AND "
		   "d.contact_id = contacts.id) THEN 1 ELSE 0 END WHERE org_id = ? "
		   "AND id IN (?, ?)", "iii", ctx->org_id, m.survivor,
		   m.merged) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (db_run(ctx->db, "UPDATE merges SET undone_at = ?, undone_by = ? "
		   "WHERE org_id = ? AND id = ?", "siii", now, ctx->user.id,
		   ctx->org_id, id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = undo_events(ctx, &m, json_string_value(json_object_get(m.srow,
			 "name")), err);
out:
	merge_row_release(&m);
	return ctx_tx_end(ctx, rc, err);
}
