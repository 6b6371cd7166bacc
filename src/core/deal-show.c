/* Reading a deal as salespeople see it: the record with its step, path,
 * checklist, next step, wants, fits, stakeholders and recent interactions;
 * and its history. */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/query.h"
#include "core/record.h"
#include "util/json-write.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* Rows of SQL (with PAIRS pairs of binds: org, deal) as JSON objects by
 * column name; integer columns listed in INTS stay integers. */
static int rows_json_pairs(struct fc_ctx *ctx, const char *sql, int64_t deal_id,
			   int pairs, const char *const *ints, json_t **out)
{
	struct db_stmt *st = db_prepare(ctx->db, sql);
	json_t *a = json_array();
	int rc;
	if (!st) {
		json_decref(a);
		return ctx->db->last_error;
	}
	for (int p = 0; p < pairs; p++) {
		db_bind_int(st, 2 * p + 1, ctx->org_id);
		db_bind_int(st, 2 * p + 2, deal_id);
	}
	while ((rc = db_step(st)) > 0) {
		json_t *o = json_object();
		for (int i = 0; i < db_col_count(st); i++) {
			const char *name = db_col_name(st, i);
			int is_int = 0;
			for (int k = 0; ints && ints[k]; k++)
				is_int |= !strcmp(ints[k], name);
			json_t *v = db_col_is_null(st, i) ? json_null() :
				    is_int ? json_integer(db_col_int(st, i)) :
				    json_string(db_col_text(st, i));
			json_object_set_new(o, name, v);
		}
		json_array_append_new(a, o);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}

static const char *const id_cols[] = { "id", "want_id", "offering_id",
	"contact_id", "importance", "planned", "agreement", "score", "deal_id",
	"actor_id", "owner_id", "entity_id", NULL };

#define ROWS_COLS_MAX 16

/* A child list of the deal: its key in the answer, its statement (binds:
 * org, deal), and whether it is one row (null when there is none) rather
 * than an array. Which of its columns are integers (id_cols) is worked out
 * from the column names once, on the first row read in the process: the
 * names never change, and comparing each with id_cols on every request
 * cost more than writing the row. */
struct child_list {
	const char *key, *sql;
	int one;
	_Atomic int known;	/* ncols and is_int are set */
	int ncols;
	char is_int[ROWS_COLS_MAX];
};

static pthread_mutex_t child_lists_lock = PTHREAD_MUTEX_INITIALIZER;

static void child_list_learn(struct child_list *cl, struct db_stmt *st)
{
	char is_int[ROWS_COLS_MAX];
	int ncols = db_col_count(st);
	if (ncols > ROWS_COLS_MAX)
		FC_BUG("a child list of a deal has too many columns");
	for (int i = 0; i < ncols; i++) {
		is_int[i] = 0;
		for (int k = 0; id_cols[k]; k++)
			is_int[i] |= !strcmp(id_cols[k], db_col_name(st, i));
	}
	pthread_mutex_lock(&child_lists_lock);
	if (!atomic_load_explicit(&cl->known, memory_order_relaxed)) {
		memcpy(cl->is_int, is_int, sizeof(is_int));
		cl->ncols = ncols;
		atomic_store_explicit(&cl->known, 1, memory_order_release);
	}
	pthread_mutex_unlock(&child_lists_lock);
}

/* The rows of CL for DEAL_ID written into W as objects by column name,
 * integer columns as integers, as rows_json() builds them. */
static int rows_write(struct fc_ctx *ctx, struct jw *w, struct child_list *cl,
		      int64_t deal_id)
{
	struct db_stmt *st = db_prepare(ctx->db, cl->sql);
	int rc, nrows = 0;
	if (!st)
		return ctx->db->last_error;
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, deal_id);
	if (!cl->one)
		jw_array_begin(w);
	while ((rc = db_step(st)) > 0) {
		if (nrows++ == 0 &&
		    !atomic_load_explicit(&cl->known, memory_order_acquire))
			child_list_learn(cl, st);
		jw_object_begin(w);
		for (int i = 0; i < cl->ncols; i++) {
			jw_key(w, db_col_name(st, i));
			if (db_col_is_null(st, i))
				jw_null(w);
			else if (cl->is_int[i])
				jw_int(w, db_col_int(st, i));
			else
				jw_string(w, db_col_text(st, i));
		}
		jw_object_end(w);
		if (cl->one)
			break;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (!cl->one)
		jw_array_end(w);
	else if (!nrows)
		jw_null(w);
	return 0;
}

static struct child_list child_lists[] = {
	{ "next_step", "SELECT id, what, type, due, status FROM next_steps "
	  "WHERE org_id = ? AND deal_id = ? AND status = 'open' ORDER BY id "
	  "DESC LIMIT 1", 1 },
	{ "wants", "SELECT id, kind, text, importance, contact_id FROM wants "
	  "WHERE org_id = ? AND deal_id = ? ORDER BY kind, importance DESC, id",
	  0 },
	{ "fits", "SELECT f.id, f.want_id, w.text AS want, f.offering_id, "
	  "o.name AS offering, f.how FROM fits f JOIN wants w ON w.org_id = "
	  "f.org_id AND w.id = f.want_id JOIN offerings o ON o.org_id = "
	  "f.org_id AND o.id = f.offering_id WHERE f.org_id = ? AND f.deal_id "
	  "= ? ORDER BY f.id", 0 },
	/* CROSS JOIN keeps the deal's few stakeholders as the outer loop:
	 * SQLite would otherwise walk every contact of the organisation in
	 * name order to save sorting a handful of rows */
	{ "stakeholders", "SELECT s.contact_id, c.name, c.title, s.role FROM "
	  "stakeholders s CROSS JOIN contacts c WHERE c.org_id = s.org_id AND "
	  "c.id = s.contact_id AND s.org_id = ? AND s.deal_id = ? ORDER BY "
	  "c.name", 0 },
	{ "interactions", "SELECT id, kind, at, purpose, notes, planned, "
	  "agreement, agreement_type, contact_id, owner_id FROM interactions "
	  "WHERE org_id = ? AND deal_id = ? ORDER BY at DESC, id DESC LIMIT 50",
	  0 },
	{ "checks", "SELECT id, due, score, notes, done_at, kind, delivered_on "
	  "FROM checks WHERE org_id = ? AND deal_id = ? ORDER BY id", 0 },
};

/* The fields of the deal's record its state is made from
 * (deal_state_of_record()). */
static const char *const state_fields[] = { "id", "process_id", "step",
	"status", "contact_id", "owner_id", "version", "step_entered_at",
	"account_id", "next_step_id", "value_minor", "title", NULL };

int deal_show_write(struct fc_ctx *ctx, int64_t id, struct buf *out,
		    int64_t *version, struct fc_error *err)
{
	struct deal_state d;
	struct jw w;
	json_t *rec = NULL, *items = NULL;
	int rc, ready = 0;

	memset(&d, 0, sizeof(d));
	*version = 0;
	jw_init(&w, out);
	if ((rc = record_get_write(ctx, &entity_deal, id, &w, state_fields, &rec,
				   err)))
		goto out;
	/* the record has the deal's row: the state is not read again */
	if ((rc = deal_state_of_record(ctx, rec, &d, err)))
		goto out;
	*version = d.version;
	items = json_array();
	if ((rc = deal_state_criteria(ctx, &d, d.cur, &ready, items, NULL, 0)))
		goto store;
	jw_key(&w, "checklist");
	jw_value(&w, items);
	jw_key(&w, "ready");
	jw_bool(&w, ready);
	jw_key(&w, "process");
	jw_string(&w, d.process->key);
	jw_key(&w, "step_name");
	jw_string(&w, d.cur->name);
	jw_key(&w, "phase");
	jw_string(&w, phase_key(d.cur->phase));
	jw_key(&w, "goal");
	jw_string(&w, d.cur->goal);
	jw_key(&w, "guidance");
	jw_string(&w, d.cur->guidance);
	jw_key(&w, "probability");
	jw_int(&w, d.cur->probability);
	jw_key(&w, "path");
	jw_array_begin(&w);
	for (int i = 0; i < d.process->nsteps; i++) {
		const struct step *s = &d.process->steps[i];
		jw_object_begin(&w);
		jw_key(&w, "key");
		jw_string(&w, s->key);
		jw_key(&w, "name");
		jw_string(&w, s->name);
		jw_key(&w, "phase");
		jw_string(&w, phase_key(s->phase));
		jw_key(&w, "state");
		jw_string(&w, i < d.cur->position ? "done" :
			      i == d.cur->position ? "current" : "todo");
		jw_object_end(&w);
	}
	jw_array_end(&w);

	for (size_t i = 0; i < sizeof(child_lists) / sizeof(child_lists[0]);
	     i++) {
		jw_key(&w, child_lists[i].key);
		if ((rc = rows_write(ctx, &w, &child_lists[i], id)))
			goto store;
	}
	jw_object_end(&w);
	goto out;
store:
	rc = db_error(ctx->db, err);
out:
	deal_state_release(&d);
	json_decref(items);
	json_decref(rec);
	return rc;
}

int deal_show(struct fc_ctx *ctx, int64_t id, json_t **out,
	      struct fc_error *err)
{
	struct buf text = BUF_INIT;
	int64_t version;
	int rc;
	*out = NULL;
	if (!(rc = deal_show_write(ctx, id, &text, &version, err)) &&
	    !(*out = json_loadb(text.s, text.len, 0, NULL)))
		rc = fc_fail(err, FC_ESTORE, NULL, "deal %" PRId64 " could not be "
			     "read back", id);
	buf_release(&text);
	return rc;
}

int deal_history(struct fc_ctx *ctx, int64_t id, int related, json_t **out,
		 struct fc_error *err)
{
	int rc = record_check_access(ctx, &entity_deal, id, 0, err);
	json_t *rows;
	if (rc)
		return rc;
	/* Everything that happened to the deal: its own events, and those of
	 * its wants, fits, next steps, interactions, line items and the
	 * referrals it gave (each found through events_entity, by the ids the deal owns). */
#define EV_COLS "SELECT e.id, e.at, e.actor_id, u.name AS actor, e.entity, " \
	"e.entity_id, e.action, e.from_step, e.to_step, e.reason, e.data FROM events e "
#define EV_ACTOR "LEFT JOIN users u ON u.org_id = e.org_id AND u.id = e.actor_id "
/* the events of the rows of TABLE whose COL is the deal */
#define EV_OF(ENTITY, TABLE, COL) " UNION ALL " EV_COLS "JOIN " TABLE " x ON " \
	"x.org_id = e.org_id AND x.id = e.entity_id " EV_ACTOR "WHERE x.org_id = ? " \
	"AND x." COL " = ? AND e.entity = '" ENTITY "'"
#define EV_DEAL EV_COLS EV_ACTOR "WHERE e.org_id = ? AND e.entity = 'deal' " \
	"AND e.entity_id = ?"
	if (related)
		rc = rows_json_pairs(ctx, EV_DEAL
				     EV_OF("want", "wants", "deal_id")
				     EV_OF("fit", "fits", "deal_id")
				     EV_OF("next_step", "next_steps", "deal_id")
				     EV_OF("interaction", "interactions", "deal_id")
				     EV_OF("referral", "referrals", "source_deal_id")
				     EV_OF("line_item", "line_items", "deal_id")
				     " ORDER BY 1", id, 7, id_cols, &rows);
	else
		rc = rows_json_pairs(ctx, EV_DEAL " ORDER BY 1", id, 1, id_cols,
				     &rows);
#undef EV_DEAL
#undef EV_OF
#undef EV_ACTOR
#undef EV_COLS
	if (rc)
		return db_error(ctx->db, err);
	/* data is stored as JSON text: hand it back as JSON */
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *t = json_string_value(json_object_get(row, "data"));
		if (t) {
			json_t *v = json_loads(t, 0, NULL);
			if (v)
				json_object_set_new(row, "data", v);
		}
	}
	*out = rows;
	return 0;
}
