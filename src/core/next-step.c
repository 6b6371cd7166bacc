/* Agreed next steps (R1): set, done, and the writes deals and interactions share; see next-step.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/history.h"
#include "core/next-step.h"
#include "core/promise.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

/* Marks the open next steps of deal DEAL_ID done, all but KEEP_ID (0:
 * none); *CLOSED (may be NULL) gets how many. */
static int close_open_steps(struct fc_ctx *ctx, int64_t deal_id,
			    int64_t keep_id, int64_t *closed,
			    struct fc_error *err)
{
	char now[TIME_LEN];
	ctx_now_time(ctx, now);
	if (db_run(ctx->db, "UPDATE next_steps SET status = 'done', done_at = ?, "
		   "updated_at = ?, version = version + 1 WHERE org_id = ? AND "
		   "deal_id = ? AND status = 'open' AND id <> ?", "ssiii", now, now,
		   ctx->org_id, deal_id, keep_id) < 0)
		return db_error(ctx->db, err);
	if (closed)
		*closed = db_changes(ctx->db);
	return 0;
}

int next_step_close_open(struct fc_ctx *ctx, int64_t deal_id, int64_t *closed,
			 struct fc_error *err)
{
	int rc;
	if ((rc = promise_close_missed(ctx, deal_id, err)))
		return rc;
	return close_open_steps(ctx, deal_id, 0, closed, err);
}

int next_step_write(struct fc_ctx *ctx, const struct deal_state *d,
		    int64_t contact_id, json_t *spec, int64_t interaction_id,
		    int64_t *id, struct fc_error *err)
{
	static const char *const allowed[] = { "what", "due", "type", NULL };
	const char *k;
	json_t *v, *fields;
	int64_t nid = 0;
	int rc;

	if (!json_is_object(spec))
		return fc_fail(err, FC_EINVAL, "next_step", "'next_step' must be an "
			       "object {what, due, type}");
	json_object_foreach(spec, k, v) {
		int ok = 0;
		for (int i = 0; allowed[i]; i++)
			ok |= !strcmp(k, allowed[i]);
		if (!ok)
			return fc_fail(err, FC_EINVAL, k, "unknown field '%s' in a next "
				       "step", k);
	}
	const char *due = json_string_value(json_object_get(spec, "due"));
	int32_t dd;
	if (due && !date_parse(due, &dd) && dd < date_from_time(ctx->now))
		return fc_fail(err, FC_EINVAL, "due", "the next step's due date '%s' "
			       "is in the past", due);
	fields = json_deep_copy(spec);
	json_t *extra = json_pack("{s:I, s:s}", "owner_id",
				  (json_int_t)(d ? d->owner_id : ctx->user.id),
				  "status", "open");
	if (interaction_id)
		json_object_set_new(extra, "interaction_id", json_integer(interaction_id));
	if (d)
		json_object_set_new(fields, "deal_id", json_integer(d->id));
	if (contact_id)
		json_object_set_new(fields, "contact_id", json_integer(contact_id));
	if ((rc = db_begin(ctx->db, 1))) {
		rc = db_error(ctx->db, err);
		goto done;
	}
	/* the missed promise first, as next_step_close_open() does; then the
	 * new step, then the one it replaces: when both are due the same day
	 * the deal's latest open due (sql/007's open_due_max) never moves,
	 * where closing first would empty it and set it again, each move a
	 * pass over the deal's rollups */
	if (d && (rc = promise_close_missed(ctx, d->id, err)))
		goto out;
	if ((rc = record_create(ctx, &entity_next_step, fields, extra, &nid, err)))
		goto out;
	if (d && (rc = close_open_steps(ctx, d->id, nid, NULL, err)))
		goto out;
	if (d && db_run(ctx->db, "UPDATE deals SET next_step_id = ?, version = "
			"version + 1 WHERE org_id = ? AND id = ?", "iii", nid,
			ctx->org_id, d->id) < 0)
		rc = db_error(ctx->db, err);
	if (id)
		*id = nid;
out:
	rc = ctx_tx_end(ctx, rc, err);
done:
	json_decref(fields);
	json_decref(extra);
	return rc;
}

int next_step_set(struct fc_ctx *ctx, int64_t deal_id, json_t *in,
		  int64_t *id, struct fc_error *err)
{
	struct deal_state d;
	int rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err)))
		goto out;
	if (strcmp(d.status, "open")) {
		rc = fc_fail(err, FC_ECONFLICT, "status", "deal %" PRId64 " is %s: "
			     "closed deals take no next step", deal_id, d.status);
		goto out;
	}
	rc = next_step_write(ctx, &d, 0, in, 0, id, err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int next_step_done(struct fc_ctx *ctx, int64_t deal_id, struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN], what[512] = "";
	int64_t closed = 0;
	int rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err)))
		goto out;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT what FROM next_steps "
		"WHERE org_id = ? AND deal_id = ? AND status = 'open'");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bindf(st, "ii", ctx->org_id, deal_id);
	if ((rc = db_step(st)) > 0)
		snprintf(what, sizeof(what), "%s", db_col_text(st, 0));
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if ((rc = next_step_close_open(ctx, deal_id, &closed, err)))
		goto out;
	if (closed == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "deal %" PRId64 " has no open "
			     "next step", deal_id);
		goto out;
	}
	if (db_run(ctx->db, "UPDATE deals SET next_step_id = NULL, updated_at = ?, "
		   "version = version + 1 WHERE org_id = ? AND id = ?", "sii", now,
		   ctx->org_id, deal_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* the deal's timeline says the promise was kept (and which) */
	json_t *data = json_pack("{s:s?}", "what", what[0] ? what : NULL);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "next_step_done", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int next_step_move(struct fc_ctx *ctx, int64_t deal_id, const char *due,
		   const char *reason, int64_t if_version, struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN], today[DATE_LEN], was[DATE_LEN] = "", what[256] = "";
	int32_t day, today_day;
	int64_t ns = 0;
	int rc;

	if (!due || date_parse(due, &day))
		return fc_fail(err, FC_EINVAL, "due", "'due' must be a date "
			       "YYYY-MM-DD");
	ctx_today(ctx, today);
	if (!date_parse(today, &today_day) && day < today_day)
		return fc_fail(err, FC_EINVAL, "due", "'due' is in the past: a "
			       "promise moves to a day still to come");
	if (!reason || !reason[0]) {
		fc_refuse(err, "promise-move-reason", "a promise moves with its "
			  "reason: say why it moves to %s", due);
		if (err)
			snprintf(err->field, sizeof(err->field), "reason");
		return FC_ERULE;
	}
	if ((rc = deal_reason_check(reason, err)))
		return rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err)))
		goto out;
	if (if_version > 0 && if_version != d.version) {
		rc = fc_fail(err, FC_ESTALE, NULL, "deal %" PRId64 " was changed by "
			     "someone else", deal_id);
		goto out;
	}
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, due, what FROM "
		"next_steps WHERE org_id = ? AND deal_id = ? AND status = 'open'");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bindf(st, "ii", ctx->org_id, deal_id);
	if ((rc = db_step(st)) > 0) {
		ns = db_col_int(st, 0);
		snprintf(was, sizeof(was), "%s", db_col_text(st, 1));
		snprintf(what, sizeof(what), "%s", db_col_text(st, 2));
	}
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (!ns) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "deal %" PRId64 " has no open "
			     "next step", deal_id);
		goto out;
	}
	if (db_run(ctx->db, "UPDATE next_steps SET due = ?, updated_at = ?, "
		   "version = version + 1 WHERE org_id = ? AND id = ?", "ssii", due,
		   now, ctx->org_id, ns) < 0 ||
	    db_run(ctx->db, "UPDATE deals SET updated_at = ?, version = version + "
		   "1 WHERE org_id = ? AND id = ?", "sii", now, ctx->org_id,
		   deal_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_t *data = json_pack("{s:s, s:s, s:s}", "what", what, "from", was,
				 "to", due);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "next_step_moved", .reason = reason,
				    .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}
