/* Walking the chain of history events, in the database or in a backup, to
 * the first event that breaks it; see verify.h. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/verify.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define VERIFY_PAGE 1000	/* events read at a time */

static int fault(struct verify_walk *w, int64_t id, const char *entity,
		 int64_t entity_id, const char *action, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int fault(struct verify_walk *w, int64_t id, const char *entity,
		 int64_t entity_id, const char *action, const char *fmt, ...)
{
	struct verify_report *r = w->r;
	va_list ap;
	r->broken = 1;
	r->id = id;
	r->entity_id = entity_id;
	snprintf(r->entity, sizeof(r->entity), "%s", entity ? entity : "");
	snprintf(r->action, sizeof(r->action), "%s", action ? action : "");
	va_start(ap, fmt);
	vsnprintf(r->what, sizeof(r->what), fmt, ap);
	va_end(ap);
	return 1;
}

void verify_walk_init(struct verify_walk *w, struct verify_report *r,
		      int64_t head_id, const char *head_hash)
{
	memset(w, 0, sizeof(*w));
	memset(r, 0, sizeof(*r));
	w->r = r;
	w->head_id = head_id;
	w->have_head = head_hash != NULL;
	snprintf(w->head_hash, sizeof(w->head_hash), "%s",
		 head_hash ? head_hash : "");
	memcpy(r->head, CHAIN_GENESIS, CHAIN_HEX + 1);
}

int verify_walk_event(struct verify_walk *w, const struct chain_event *ev)
{
	struct verify_report *r = w->r;
	const char *entity = ev->entity ? ev->entity : "?";
	const char *action = ev->action ? ev->action : "?";
	char computed[CHAIN_HEX + 1];

	if (r->broken)
		return 1;
	if (!ev->hash || !ev->prev_hash)
		return fault(w, ev->id, entity, ev->entity_id, action, "inserted: "
			     "it has no %s, so it was written outside the chain",
			     ev->hash ? "prev_hash" : "hash");
	chain_hash(ev, computed);
	if (strcmp(computed, ev->hash))
		return fault(w, ev->id, entity, ev->entity_id, action, "altered: "
			     "its fields and prev_hash hash to %.16s..., not to its "
			     "stored hash %.16s...", computed, ev->hash);
	if (strcmp(ev->prev_hash, r->head)) {
		if (r->events && !strcmp(ev->prev_hash, w->last_prev))
			return fault(w, r->last_id, w->last_entity,
				     w->last_entity_id, w->last_action, "inserted: "
				     "event %" PRId64 ", the next, follows the event "
				     "before it", ev->id);
		if (!r->events)
			return fault(w, ev->id, entity, ev->entity_id, action,
				     "the events before it were deleted: its prev_hash "
				     "%.16s... is not the start of the chain",
				     ev->prev_hash);
		return fault(w, ev->id, entity, ev->entity_id, action, "an event "
			     "before it was deleted: its prev_hash %.16s... is not "
			     "the hash of event %" PRId64 ", the one before it",
			     ev->prev_hash, r->last_id);
	}
	if (w->have_head && ev->id > w->head_id)
		return fault(w, ev->id, entity, ev->entity_id, action, "inserted: "
			     "the chain's head ends at event %" PRId64, w->head_id);
	if (w->have_head && ev->id == w->head_id && strcmp(ev->hash, w->head_hash))
		return fault(w, ev->id, entity, ev->entity_id, action, "altered: "
			     "its hash %.16s... is not the %.16s... the chain's head "
			     "records for it", ev->hash, w->head_hash);
	r->events++;
	r->last_id = ev->id;
	memcpy(r->head, ev->hash, CHAIN_HEX + 1);
	memcpy(w->last_prev, ev->prev_hash, CHAIN_HEX + 1);
	snprintf(w->last_entity, sizeof(w->last_entity), "%s", entity);
	snprintf(w->last_action, sizeof(w->last_action), "%s", action);
	w->last_entity_id = ev->entity_id;
	return 0;
}

int verify_walk_end(struct verify_walk *w)
{
	struct verify_report *r = w->r;
	if (r->broken)
		return 1;
	if (w->have_head && r->last_id != w->head_id)
		return fault(w, w->head_id, NULL, 0, NULL, "deleted: the chain's head "
			     "records it as the last event, and the history ends at "
			     "event %" PRId64, r->last_id);
	return 0;
}

static int refuse(const struct verify_report *r, struct fc_error *err)
{
	if (!r->entity[0])
		return fc_refuse(err, VERIFY_RULE, "event %" PRId64 ": %s", r->id,
				 r->what);
	return fc_refuse(err, VERIFY_RULE, "event %" PRId64 " (%s %" PRId64 ", %s):"
			 " %s", r->id, r->entity, r->entity_id, r->action, r->what);
}

/* ---- the database ---------------------------------------------------------- */

static int walk_db(struct fc_ctx *ctx, struct verify_walk *w,
		   struct fc_error *err)
{
	int64_t after = 0;
	for (;;) {
		struct chain_event ev;
		int rc, n = 0;
		struct db_stmt *st = db_prepare(ctx->db, "SELECT " CHAIN_COLUMNS
			" FROM events WHERE org_id = ? AND id > ? ORDER BY id LIMIT 1000");
		if (!st)
			return db_error(ctx->db, err);
		db_bindf(st, "ii", ctx->org_id, after);
		while ((rc = db_step(st)) > 0) {
			chain_event_from_row(st, 0, &ev);
			n++;
			after = ev.id;
			if (verify_walk_event(w, &ev))
				break;
		}
		db_done(st);
		if (rc < 0)
			return db_error(ctx->db, err);
		if (w->r->broken || n < VERIFY_PAGE)
			return 0;
	}
}

int verify_history(struct fc_ctx *ctx, struct verify_report *r,
		   struct fc_error *err)
{
	struct verify_walk w;
	int64_t head_id = 0;
	char head[CHAIN_HEX + 1] = "";
	int rc, found = 0;

	memset(r, 0, sizeof(*r));
	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "only admins verify the "
			       "history");
	if ((rc = db_begin(ctx->db, 0)))
		return db_error(ctx->db, err);
	/* one snapshot for the head and every event: a writer committing
	 * meanwhile is not taken for a forger */
	if (db_dialect(ctx->db) == DB_PG &&
	    db_exec(ctx->db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	struct db_stmt *st = db_prepare(ctx->db, "SELECT last_id, hash FROM "
					"event_chains WHERE org_id = ?");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bind_int(st, 1, ctx->org_id);
	if ((rc = db_step(st)) > 0 && !db_col_is_null(st, 1)) {
		found = 1;
		head_id = db_col_int(st, 0);
		snprintf(head, sizeof(head), "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = 0;
	verify_walk_init(&w, r, head_id, found ? head : NULL);
	if (!found)
		/* the head is made with the first event, and chained once after
		 * sql/022: without one, there is nothing to hold the chain to */
		fault(&w, 0, NULL, 0, NULL, "the chain's head (event_chains) is "
		      "missing");
	else if (!(rc = walk_db(ctx, &w, err)))
		verify_walk_end(&w);
out:
	db_rollback(ctx->db);
	if (rc)
		return rc;
	return r->broken ? refuse(r, err) : 0;
}

/* ---- a backup ---------------------------------------------------------------- */

static const char *text_of(json_t *row, const char *name)
{
	return json_string_value(json_object_get(row, name));
}

static void event_of(json_t *row, int64_t org, struct chain_event *ev)
{
	json_t *actor = json_object_get(row, "actor_id");
	memset(ev, 0, sizeof(*ev));
	ev->id = json_integer_value(json_object_get(row, "id"));
	ev->org_id = org;
	ev->at = text_of(row, "at");
	ev->has_actor = json_is_integer(actor);
	ev->actor_id = json_integer_value(actor);
	ev->entity = text_of(row, "entity");
	ev->entity_id = json_integer_value(json_object_get(row, "entity_id"));
	ev->action = text_of(row, "action");
	ev->from_step = text_of(row, "from_step");
	ev->to_step = text_of(row, "to_step");
	ev->reason = text_of(row, "reason");
	ev->data = text_of(row, "data");
	ev->prev_hash = text_of(row, "prev_hash");
	ev->hash = text_of(row, "hash");
}

static int by_id(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));
	return x < y ? -1 : x > y;
}

int verify_backup(json_t *backup, int allow_unchained,
		  struct verify_report *r, int *unchained, struct fc_error *err)
{
	json_t *events = json_object_get(backup, "events");
	json_t *heads = json_object_get(backup, "event_chains");
	json_t *head = json_array_get(heads, 0), *row;
	int64_t org = json_integer_value(json_object_get(json_object_get(backup,
							 "org"), "id"));
	struct verify_walk w;
	size_t i, n = json_array_size(events), hashed = 0;

	*unchained = 0;
	memset(r, 0, sizeof(*r));
	json_array_foreach(events, i, row)
		hashed += json_object_get(row, "hash") || json_object_get(row,
									  "prev_hash");
	if (!hashed && !json_array_size(heads)) {
		*unchained = 1;
		r->events = (int64_t)n;
		if (allow_unchained)
			return 0;
		r->broken = 1;
		snprintf(r->what, sizeof(r->what), "the backup carries no chain (no "
			 "event has a hash, and 'event_chains' is missing): it was "
			 "written before the chain, or stripped of it");
		return fc_refuse(err, VERIFY_RULE, "%s", r->what);
	}
	verify_walk_init(&w, r, json_integer_value(json_object_get(head,
		"last_id")), head ? text_of(head, "hash") : NULL);
	if (!json_is_string(json_object_get(head, "hash")) ||
	    json_array_size(heads) != 1) {
		fault(&w, 0, NULL, 0, NULL, "the backup's 'event_chains' must hold "
		      "the one head of the chain, with its hash");
		return refuse(r, err);
	}
	json_t **order = xcalloc(n ? n : 1, sizeof(*order));
	json_array_foreach(events, i, row)
		order[i] = row;
	qsort(order, n, sizeof(*order), by_id);
	for (i = 0; i < n; i++) {
		struct chain_event ev;
		event_of(order[i], org, &ev);
		if (verify_walk_event(&w, &ev))
			break;
	}
	free(order);
	verify_walk_end(&w);
	return r->broken ? refuse(r, err) : 0;
}

json_t *verify_report_json(const struct verify_report *r)
{
	json_t *j = json_pack("{s:b, s:I, s:I, s:s}", "ok", !r->broken, "events",
			      (json_int_t)r->events, "last_id", (json_int_t)r->last_id,
			      "head", r->head);
	if (!r->broken)
		return j;
	json_object_set_new(j, "event", json_pack("{s:I, s:o, s:o, s:o}", "id",
		(json_int_t)r->id,
		"entity", r->entity[0] ? json_string(r->entity) : json_null(),
		"entity_id", r->entity[0] ? json_integer(r->entity_id) : json_null(),
		"action", r->entity[0] ? json_string(r->action) : json_null()));
	json_object_set_new(j, "problem", json_string(r->what));
	return j;
}
