/* Reading a deal as salespeople see it: the record with its step, path,
 * checklist, next step, wants, fits, stakeholders and recent interactions;
 * and its history. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/query.h"
#include "core/record.h"
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

static int rows_json(struct fc_ctx *ctx, const char *sql, int64_t deal_id,
		     const char *const *ints, json_t **out)
{
	return rows_json_pairs(ctx, sql, deal_id, 1, ints, out);
}

static const char *const id_cols[] = { "id", "want_id", "offering_id",
	"contact_id", "importance", "planned", "agreement", "score", "deal_id",
	"actor_id", "owner_id", "entity_id", NULL };

int deal_show(struct fc_ctx *ctx, int64_t id, json_t **out,
	      struct fc_error *err)
{
	struct deal_state d;
	json_t *rec = NULL, *items = NULL, *part;
	int rc, ready = 0;

	*out = NULL;
	if ((rc = record_get(ctx, &entity_deal, id, &rec, err)))
		return rc;
	/* the record has the deal's row: the state is not read again */
	if ((rc = deal_state_of_record(ctx, rec, &d, err)))
		goto out;
	items = json_array();
	if ((rc = deal_state_criteria(ctx, &d, d.cur, &ready, items, NULL, 0)))
		goto store;
	json_object_set_new(rec, "checklist", items);
	json_object_set_new(rec, "ready", json_boolean(ready));
	json_object_set_new(rec, "process", json_string(d.process->key));
	json_object_set_new(rec, "step_name", json_string(d.cur->name));
	json_object_set_new(rec, "phase", json_string(phase_key(d.cur->phase)));
	json_object_set_new(rec, "goal", json_string(d.cur->goal));
	json_object_set_new(rec, "guidance", json_string(d.cur->guidance));
	json_object_set_new(rec, "probability", json_integer(d.cur->probability));
	json_t *path = json_array();
	for (int i = 0; i < d.process->nsteps; i++) {
		const struct step *s = &d.process->steps[i];
		json_array_append_new(path, json_pack("{s:s, s:s, s:s, s:s}",
			"key", s->key, "name", s->name, "phase", phase_key(s->phase),
			"state", i < d.cur->position ? "done" :
				 i == d.cur->position ? "current" : "todo"));
	}
	json_object_set_new(rec, "path", path);

	if ((rc = rows_json(ctx, "SELECT id, what, type, due, status FROM next_steps "
			    "WHERE org_id = ? AND deal_id = ? AND status = 'open' "
			    "ORDER BY id DESC LIMIT 1", id, id_cols, &part)))
		goto store;
	json_object_set(rec, "next_step", json_array_size(part) ?
			json_array_get(part, 0) : json_null());
	json_decref(part);
	if ((rc = rows_json(ctx, "SELECT id, kind, text, importance, contact_id FROM "
			    "wants WHERE org_id = ? AND deal_id = ? ORDER BY kind, "
			    "importance DESC, id", id, id_cols, &part)))
		goto store;
	json_object_set_new(rec, "wants", part);
	if ((rc = rows_json(ctx, "SELECT f.id, f.want_id, w.text AS want, "
			    "f.offering_id, o.name AS offering, f.how FROM fits f "
			    "JOIN wants w ON w.org_id = f.org_id AND w.id = f.want_id "
			    "JOIN offerings o ON o.org_id = f.org_id AND o.id = "
			    "f.offering_id WHERE f.org_id = ? AND f.deal_id = ? "
			    "ORDER BY f.id", id, id_cols, &part)))
		goto store;
	json_object_set_new(rec, "fits", part);
	/* CROSS JOIN keeps the deal's few stakeholders as the outer loop:
	 * SQLite would otherwise walk every contact of the organisation in
	 * name order to save sorting a handful of rows */
	if ((rc = rows_json(ctx, "SELECT s.contact_id, c.name, c.title, s.role FROM "
			    "stakeholders s CROSS JOIN contacts c WHERE c.org_id = "
			    "s.org_id AND c.id = s.contact_id AND s.org_id = ? AND "
			    "s.deal_id = ? ORDER BY c.name", id, id_cols, &part)))
		goto store;
	json_object_set_new(rec, "stakeholders", part);
	if ((rc = rows_json(ctx, "SELECT id, kind, at, purpose, notes, planned, agreement, "
			    "agreement_type, contact_id, owner_id FROM interactions WHERE org_id = ? AND "
			    "deal_id = ? ORDER BY at DESC, id DESC LIMIT 50", id, id_cols,
			    &part)))
		goto store;
	json_object_set_new(rec, "interactions", part);
	if ((rc = rows_json(ctx, "SELECT id, due, score, notes, done_at, kind, "
			    "delivered_on FROM checks "
			    "WHERE org_id = ? AND deal_id = ? ORDER BY id", id, id_cols,
			    &part)))
		goto store;
	json_object_set_new(rec, "checks", part);
	*out = json_incref(rec);
	goto out;
store:
	rc = db_error(ctx->db, err);
out:
	deal_state_release(&d);
	json_decref(rec);
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
		rc = rows_json(ctx, EV_DEAL " ORDER BY 1", id, id_cols, &rows);
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
