/* Deals and the rules that move them through their process (SPEC.md §1).
 * Every public function is one transaction; reads that a rule depends on
 * happen after the deal's row is locked. See deal.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/field.h"
#include "core/engage.h"
#include "core/history.h"
#include "core/line-item.h"
#include "core/process.h"
#include "core/record.h"
#include "core/referral.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* The deal's process and its step, for a D whose row is read. */
static int state_process(struct fc_ctx *ctx, struct deal_state *d,
			 struct fc_error *err)
{
	int rc;
	if ((rc = process_load(ctx, d->process_id, &d->process, err)))
		return rc;
	d->cur = process_step(d->process, d->step);
	if (!d->cur)
		return fc_fail(err, FC_ESTORE, NULL, "deal %" PRId64 " stands on "
			       "unknown step '%s'", d->id, d->step);
	return 0;
}

int deal_state_load(struct fc_ctx *ctx, int64_t id, int write,
		    struct deal_state *d, struct fc_error *err)
{
	int rc;
	memset(d, 0, sizeof(*d));
	if (write && (rc = db_lock_row(ctx->db, "deals", ctx->org_id, id)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_deal, id, write, err)))
		return rc;
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT process_id, step, status, contact_id, owner_id, version, "
		"step_entered_at, account_id, next_step_id, value_cents, title "
		"FROM deals WHERE org_id = ? AND id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	rc = db_step(st);
	if (rc > 0) {
		d->id = id;
		d->process_id = db_col_int(st, 0);
		snprintf(d->step, sizeof(d->step), "%s", db_col_text(st, 1));
		snprintf(d->status, sizeof(d->status), "%s", db_col_text(st, 2));
		d->contact_id = db_col_int(st, 3);
		d->owner_id = db_col_int(st, 4);
		d->version = db_col_int(st, 5);
		snprintf(d->step_entered_at, sizeof(d->step_entered_at), "%s",
			 db_col_text(st, 6));
		d->account_id = db_col_int(st, 7);
		d->next_step_id = db_col_is_null(st, 8) ? 0 : db_col_int(st, 8);
		d->value_minor = db_col_int(st, 9);
		snprintf(d->title, sizeof(d->title), "%s", db_col_text(st, 10));
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (rc == 0)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no deal %" PRId64, id);
	return state_process(ctx, d, err);
}

int deal_state_of_record(struct fc_ctx *ctx, json_t *rec,
			 struct deal_state *d, struct fc_error *err)
{
#define INT_OF(name) json_integer_value(json_object_get(rec, name))
#define TEXT_OF(name) (json_string_value(json_object_get(rec, name)) ? \
		       json_string_value(json_object_get(rec, name)) : "")
	memset(d, 0, sizeof(*d));
	d->id = INT_OF("id");
	d->process_id = INT_OF("process_id");
	snprintf(d->step, sizeof(d->step), "%s", TEXT_OF("step"));
	snprintf(d->status, sizeof(d->status), "%s", TEXT_OF("status"));
	d->contact_id = INT_OF("contact_id");
	d->owner_id = INT_OF("owner_id");
	d->version = INT_OF("version");
	snprintf(d->step_entered_at, sizeof(d->step_entered_at), "%s",
		 TEXT_OF("step_entered_at"));
	d->account_id = INT_OF("account_id");
	d->next_step_id = INT_OF("next_step_id");
	d->value_minor = INT_OF("value_minor");
	snprintf(d->title, sizeof(d->title), "%s", TEXT_OF("title"));
#undef INT_OF
#undef TEXT_OF
	return state_process(ctx, d, err);
}

void deal_state_release(struct deal_state *d)
{
	process_free(d->process);
	d->process = NULL;
}

static int stale(const struct deal_state *d, int64_t if_version,
		 struct fc_error *err)
{
	if (if_version > 0 && if_version != d->version)
		return fc_fail(err, FC_ESTALE, NULL, "deal %" PRId64 " was changed by "
			       "someone else (version %" PRId64 ", not %" PRId64 ")",
			       d->id, d->version, if_version);
	return 0;
}

static int must_be_open(const struct deal_state *d, struct fc_error *err)
{
	if (strcmp(d->status, "open"))
		return fc_fail(err, FC_ECONFLICT, "status", "deal %" PRId64 " is %s, "
			       "not open: reopen it first", d->id, d->status);
	return 0;
}

/* ---- exit criteria (R2) ----------------------------------------------- */

static int count_query(struct fc_ctx *ctx, int64_t *n, const char *sql,
		       const char *fmt, ...)
{
	/* small wrapper so every criterion reads the same way */
	struct db_stmt *st = db_prepare(ctx->db, sql);
	va_list ap;
	int rc;
	if (!st)
		return ctx->db->last_error;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i')
			db_bind_int(st, i + 1, va_arg(ap, int64_t));
		else
			db_bind_text(st, i + 1, va_arg(ap, const char *));
	}
	va_end(ap);
	rc = db_step(st);
	*n = rc > 0 ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int64_t want_count(struct fc_ctx *ctx, int64_t deal_id)
{
	int64_t n = 0;
	count_query(ctx, &n, "SELECT COUNT(*) FROM wants WHERE org_id = ? AND "
		    "deal_id = ?", "ii", ctx->org_id, deal_id);
	return n;
}

/* ---- moving ------------------------------------------------------------ */

static int move(struct fc_ctx *ctx, struct deal_state *d, const char *to_step,
		const char *action, const char *reason, const char *status,
		struct fc_error *err)
{
	char now[TIME_LEN];
	int rc;
	ctx_now_time(ctx, now);
	if (status)
		rc = db_run(ctx->db, "UPDATE deals SET step = ?, step_entered_at = ?, "
			    "status = ?, updated_at = ?, version = version + 1 WHERE "
			    "org_id = ? AND id = ?", "ssssii", to_step, now, status, now,
			    ctx->org_id, d->id);
	else
		rc = db_run(ctx->db, "UPDATE deals SET step = ?, step_entered_at = ?, "
			    "updated_at = ?, version = version + 1 WHERE org_id = ? AND "
			    "id = ?", "sssii", to_step, now, now, ctx->org_id, d->id);
	if (rc < 0)
		return db_error(ctx->db, err);
	struct history_event ev = { .entity = "deal", .entity_id = d->id,
				    .action = action, .from_step = d->step,
				    .to_step = to_step, .reason = reason };
	return history_record(ctx, &ev, err);
}

int deal_reason_check(const char *reason, struct fc_error *err)
{
	if (reason && strlen(reason) > DEAL_REASON_MAX)
		return fc_fail(err, FC_EINVAL, "reason", "'reason' is longer than %d "
			       "bytes", DEAL_REASON_MAX);
	return 0;
}

int deal_advance(struct fc_ctx *ctx, int64_t id, const struct advance_opts *o,
		 struct fc_error *err)
{
	struct deal_state d;
	const struct step *target;
	int rc;

	if ((rc = deal_reason_check(o->reason, err)))
		return rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, id, 1, &d, err)) ||
	    (rc = stale(&d, o->if_version, err)) || (rc = must_be_open(&d, err)))
		goto out;
	if (o->force && ctx->user.role == ROLE_REP) {
		rc = fc_fail(err, FC_EFORBIDDEN, "force", "only managers and admins "
			     "may force a move");
		goto out;
	}
	if (o->force && (!o->reason || !*o->reason)) {
		rc = fc_fail(err, FC_EINVAL, "reason", "a forced move needs a reason");
		goto out;
	}
	if (o->to && *o->to) {
		target = process_step(d.process, o->to);
		if (!target) {
			rc = fc_fail(err, FC_EINVAL, "to", "process '%s' has no step '%s'",
				     d.process->key, o->to);
			goto out;
		}
	} else {
		if (d.cur->position + 1 >= d.process->nsteps) {
			rc = fc_fail(err, FC_ECONFLICT, "step", "deal %" PRId64 " is at "
				     "the last step '%s'", id, d.cur->key);
			goto out;
		}
		target = &d.process->steps[d.cur->position + 1];
	}
	if (target == d.cur) {
		rc = fc_fail(err, FC_ECONFLICT, "to", "deal %" PRId64 " is already at "
			     "step '%s'", id, target->key);
		goto out;
	}
	if (target->phase == PHASE_FOLLOW_UP) {
		rc = fc_refuse(err, "exit-criteria", "a deal reaches step '%s' when it "
			       "is won: use win", target->key);
		goto out;
	}
	/* R3 holds even for forced moves: nothing is presented before the
	 * customer's wants are known */
	if (target->phase >= PHASE_PRESENT && want_count(ctx, id) == 0) {
		rc = fc_refuse(err, "fulcrum", "no move to '%s' without recorded wants: "
			       "find out what they want first", target->key);
		goto out;
	}
	const char *action = "advance";
	if (target->position < d.cur->position) {
		action = o->force ? "force" : "back";
	} else if (o->force) {
		action = "force";
	} else {
		/* R2: every step left behind must have its exit criteria met */
		for (int i = d.cur->position; i < target->position; i++) {
			const struct step *s = &d.process->steps[i];
			char missing[300];
			int ready;
			if ((rc = deal_state_criteria(ctx, &d, s, &ready, NULL, missing,
						      sizeof(missing)))) {
				rc = db_error(ctx->db, err);
				goto out;
			}
			if (!ready) {
				rc = fc_refuse(err, "exit-criteria", "step '%s' %s", s->key,
					       missing);
				goto out;
			}
		}
	}
	rc = move(ctx, &d, target->key, action, o->reason, NULL, err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

static const struct step *phase_step(const struct process *p, enum phase ph)
{
	for (int i = 0; i < p->nsteps; i++)
		if (p->steps[i].phase == ph)
			return &p->steps[i];
	return NULL;
}

static int close_next_step(struct fc_ctx *ctx, int64_t deal_id,
			   struct fc_error *err)
{
	int rc = next_step_close_open(ctx, deal_id, NULL, err);
	if (rc)
		return rc;
	if (db_run(ctx->db, "UPDATE deals SET next_step_id = NULL WHERE org_id = ? "
		   "AND id = ?", "ii", ctx->org_id, deal_id) < 0)
		return db_error(ctx->db, err);
	return 0;
}

/* Step 5: a deal is won on the customer's order, an agreement of type
 * "order" recorded since the deal entered the step it is won from. */
static int has_order(struct fc_ctx *ctx, const struct deal_state *d,
		     struct fc_error *err)
{
	int64_t n = 0;
	if (count_query(ctx, &n, "SELECT COUNT(*) FROM interactions WHERE org_id = "
			"? AND deal_id = ? AND agreement_type = 'order' AND step = ? "
			"AND at >= ?", "iiss", ctx->org_id, d->id, d->step,
			d->step_entered_at))
		return db_error(ctx->db, err);
	if (n == 0)
		return fc_refuse(err, "order-required", "a deal is won on the "
				 "customer's order: record it (an agreement of type "
				 "order) in step '%s', or a manager forces the win with "
				 "a reason", d->step);
	return 0;
}

int deal_win(struct fc_ctx *ctx, int64_t id, const char *delivered,
	     int force, const char *reason, int64_t if_version,
	     struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN], deliv[DATE_LEN];
	int32_t dd;
	int rc;

	if ((rc = deal_reason_check(reason, err)))
		return rc;
	ctx_now_time(ctx, now);
	if (delivered && *delivered) {
		if (date_parse(delivered, &dd))
			return fc_fail(err, FC_EINVAL, "delivered", "'delivered' must be "
				       "a date YYYY-MM-DD");
	} else {
		dd = date_from_time(ctx->now);
	}
	date_format(dd, deliv);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, id, 1, &d, err)) ||
	    (rc = stale(&d, if_version, err)) || (rc = must_be_open(&d, err)))
		goto out;
	if (force && ctx->user.role == ROLE_REP) {
		rc = fc_fail(err, FC_EFORBIDDEN, "force", "only managers and admins "
			     "may force a win");
		goto out;
	}
	if (force && (!reason || !*reason)) {
		rc = fc_fail(err, FC_EINVAL, "reason", "a forced win needs a reason");
		goto out;
	}
	/* R3 holds for a forced win too: it takes the deal past present */
	if (force && want_count(ctx, id) == 0) {
		rc = fc_refuse(err, "fulcrum", "no win without recorded wants: find "
			       "out what they want first, even for a forced win");
		goto out;
	}
	if (!force) {
		if (d.cur->phase < PHASE_AGREE) {
			const struct step *agree = phase_step(d.process, PHASE_AGREE);
			rc = fc_refuse(err, "exit-criteria", "a deal is won from step '%s', "
				       "and deal %" PRId64 " is at '%s'",
				       agree ? agree->key : "agree", id, d.cur->key);
			goto out;
		}
		char missing[300];
		int ready;
		if ((rc = deal_state_criteria(ctx, &d, d.cur, &ready, NULL, missing,
					      sizeof(missing)))) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		if (!ready) {
			rc = fc_refuse(err, "exit-criteria", "step '%s' %s", d.cur->key,
				       missing);
			goto out;
		}
		if ((rc = has_order(ctx, &d, err)))
			goto out;
	}
	const struct step *fu = phase_step(d.process, PHASE_FOLLOW_UP);
	const char *to = fu ? fu->key : d.cur->key;
	if ((rc = close_next_step(ctx, id, err)))
		goto out;
	if (db_run(ctx->db, "UPDATE deals SET delivered_on = ?, closed_at = ?, "
		   "lost_reason = NULL WHERE org_id = ? AND id = ?", "ssii", deliv, now,
		   ctx->org_id, id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	struct deal_won w = { .deal_id = id, .account_id = d.account_id,
			      .owner_id = d.owner_id, .delivered = dd,
			      .check_days = d.process->check_days, .now = now };
	if ((rc = deal_won_effects(ctx, &w, err)))
		goto out;
	rc = move(ctx, &d, to, "won", reason, "won", err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int deal_lose(struct fc_ctx *ctx, int64_t id, const char *reason,
	      int64_t if_version, struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN];
	int rc;
	if (!reason || !*reason)
		return fc_fail(err, FC_EINVAL, "reason", "a lost deal needs a reason");
	if ((rc = deal_reason_check(reason, err)))
		return rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, id, 1, &d, err)) ||
	    (rc = stale(&d, if_version, err)) || (rc = must_be_open(&d, err)))
		goto out;
	if ((rc = close_next_step(ctx, id, err)))
		goto out;
	if (db_run(ctx->db, "UPDATE deals SET status = 'lost', lost_reason = ?, "
		   "closed_at = ?, updated_at = ?, version = version + 1 WHERE "
		   "org_id = ? AND id = ?", "sssii", reason, now, now, ctx->org_id,
		   id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if ((rc = deal_referral_follow(ctx, id, "lost", now, err)))
		goto out;
	struct history_event ev = { .entity = "deal", .entity_id = id,
				    .action = "lost", .from_step = d.step,
				    .to_step = d.step, .reason = reason };
	rc = history_record(ctx, &ev, err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int deal_disqualify(struct fc_ctx *ctx, int64_t id, const char *reason,
		    const char *note, int64_t if_version, struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN];
	int rc;
	if ((rc = disqualify_reason_check(reason, err)))
		return rc;
	if (note && strlen(note) > DEAL_REASON_MAX)
		return fc_fail(err, FC_EINVAL, "note", "'note' is longer than %d "
			       "bytes", DEAL_REASON_MAX);
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, id, 1, &d, err)) ||
	    (rc = stale(&d, if_version, err)) || (rc = must_be_open(&d, err)))
		goto out;
	if ((rc = close_next_step(ctx, id, err)))
		goto out;
	if (db_run(ctx->db, "UPDATE deals SET status = 'disqualified', "
		   "disqualified_reason = ?, disqualified_note = ?, closed_at = ?, "
		   "updated_at = ?, version = version + 1 WHERE org_id = ? AND id = ?",
		   "ssssii", reason, note && *note ? note : NULL, now, now,
		   ctx->org_id, id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* the referral the deal came from did not become a sale */
	if ((rc = deal_referral_follow(ctx, id, "lost", now, err)))
		goto out;
	json_t *data = note && *note ? json_pack("{s:s}", "note", note) : NULL;
	struct history_event ev = { .entity = "deal", .entity_id = id,
				    .action = "disqualified", .from_step = d.step,
				    .to_step = d.step, .reason = reason,
				    .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int deal_reopen(struct fc_ctx *ctx, int64_t id, int64_t if_version,
		struct fc_error *err)
{
	struct deal_state d;
	char back[64] = "";
	int rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, id, 1, &d, err)) ||
	    (rc = stale(&d, if_version, err)))
		goto out;
	if (!strcmp(d.status, "open")) {
		rc = fc_fail(err, FC_ECONFLICT, "status", "deal %" PRId64 " is already "
			     "open", id);
		goto out;
	}
	/* back to the step it was closed from */
	struct db_stmt *st = db_prepare(ctx->db, "SELECT from_step FROM events WHERE "
		"org_id = ? AND entity = 'deal' AND entity_id = ? AND action IN "
		"('won', 'lost', 'disqualified') ORDER BY id DESC LIMIT 1");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bindf(st, "ii", ctx->org_id, id);
	if (db_step(st) > 0 && db_col_text(st, 0))
		snprintf(back, sizeof(back), "%s", db_col_text(st, 0));
	db_done(st);
	if (!back[0] || !process_step(d.process, back))
		snprintf(back, sizeof(back), "%s", d.step);
	if (db_run(ctx->db, "UPDATE deals SET closed_at = NULL, lost_reason = NULL, "
		   "delivered_on = NULL, disqualified_reason = NULL, "
		   "disqualified_note = NULL WHERE org_id = ? AND id = ?", "ii",
		   ctx->org_id, id) < 0 ||
	    db_run(ctx->db, "DELETE FROM checks WHERE org_id = ? AND deal_id = ? AND "
		   "done_at IS NULL", "ii", ctx->org_id, id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = move(ctx, &d, back, "reopen", NULL, "open", err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

/* ---- creating and editing ---------------------------------------------- */

/* The primary contact of deal ID must belong to the deal's account when the
 * contact has one: on create and on every edit of either. */
static int contact_in_account(struct fc_ctx *ctx, int64_t id,
			      struct fc_error *err)
{
	int64_t contact = 0;
	if (db_query_int(ctx->db, &contact, "SELECT c.id FROM deals d JOIN "
			 "contacts c ON c.org_id = d.org_id AND c.id = d.contact_id "
			 "WHERE d.org_id = ? AND d.id = ? AND c.account_id IS NOT NULL AND "
			 "c.account_id <> d.account_id", "ii", ctx->org_id, id) == 0)
		return fc_fail(err, FC_EINVAL, "contact_id", "contact %" PRId64
			       " belongs to another account", contact);
	return 0;
}

int deal_create(struct fc_ctx *ctx, json_t *in, int64_t *id,
		struct fc_error *err)
{
	struct process *p = NULL;
	struct deal_state d;
	json_t *fields = NULL, *extra = NULL;
	json_t *next = json_object_get(in, "next_step");
	const char *pkey = json_string_value(json_object_get(in, "process"));
	char now[TIME_LEN];
	int64_t unused_id;
	int rc;

	memset(&d, 0, sizeof(d));
	if (!id)	/* callers that do not need the id may pass NULL */
		id = &unused_id;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a deal must be a JSON object");
	if (!next || json_is_null(next))
		return fc_refuse(err, "next-step-required", "a new deal needs its agreed "
				 "next step (what, and by when)");
	if (!json_is_object(next))
		return fc_fail(err, FC_EINVAL, "next_step", "'next_step' must be an "
			       "object {what, due, type}");
	if (json_object_get(in, "process") && !pkey)
		return fc_fail(err, FC_EINVAL, "process", "'process' must be a process key");
	json_t *rj = json_object_get(in, "referral_id");
	int64_t referral = json_integer_value(rj);
	if (rj && !json_is_null(rj) && (!json_is_integer(rj) || referral <= 0))
		return fc_fail(err, FC_EINVAL, "referral_id", "'referral_id' must be "
			       "a referral's id");
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	json_int_t pid = json_integer_value(json_object_get(in, "process_id"));
	if (pkey)
		rc = process_load_by_key(ctx, pkey, &p, err);
	else
		rc = process_load(ctx, pid, &p, err);
	if (rc) {
		if (rc == FC_ENOTFOUND && err)
			err->code = rc = FC_EINVAL;
		goto out;
	}
	if (p->nsteps == 0) {
		rc = fc_fail(err, FC_EINVAL, "process", "process '%s' has no steps", p->key);
		goto out;
	}
	fields = json_deep_copy(in);
	json_object_del(fields, "next_step");
	json_object_del(fields, "process");
	json_object_del(fields, "process_id");
	extra = json_pack("{s:I, s:s, s:s, s:s}", "process_id", (json_int_t)p->id,
			  "step", p->steps[0].key, "step_entered_at", now,
			  "status", "open");
	json_object_del(fields, "referral_id");
	if ((rc = record_create(ctx, &entity_deal, fields, extra, id, err)))
		goto out;
	if ((rc = contact_in_account(ctx, *id, err)))
		goto out;
	/* the referral that produced it is credited with it */
	if (referral) {
		if ((rc = record_check_access(ctx, &entity_referral, referral, 0,
					      err)) ||
		    (rc = referral_link_write(ctx, referral, *id, now, err))) {
			if (rc == FC_ENOTFOUND && err)
				err->code = rc = FC_EINVAL;
			goto out;
		}
		json_object_set_new(fields, "referral_id", json_integer(referral));
	}
	history_money_minor(fields, "value");
	struct history_event ev = { .entity = "deal", .entity_id = *id,
				    .action = "create", .to_step = p->steps[0].key,
				    .data = fields };
	if ((rc = history_record(ctx, &ev, err)))
		goto out;
	if ((rc = deal_state_load(ctx, *id, 1, &d, err)))
		goto out;
	rc = next_step_write(ctx, &d, 0, next, 0, NULL, err);
out:
	deal_state_release(&d);
	process_free(p);
	json_decref(fields);
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}

int deal_update(struct fc_ctx *ctx, int64_t id, json_t *patch,
		int64_t if_version, struct fc_error *err)
{
	int rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = line_item_guard_deal(ctx, id, patch, err)) ||
	    (rc = record_update(ctx, &entity_deal, id, patch, NULL, if_version,
				err)) ||
	    (rc = contact_in_account(ctx, id, err)))
		goto out;
	/* the agenda finds promises, checks and asks by their own owner_id
	 * (indexed): when the deal changes hands, the open ones go with it */
	if (json_object_get(patch, "owner_id")) {
		static const char *const moves[] = {
			"UPDATE next_steps SET owner_id = (SELECT owner_id FROM deals "
			"WHERE org_id = ? AND id = ?) WHERE org_id = ? AND deal_id = ? "
			"AND status = 'open'",
			"UPDATE checks SET owner_id = (SELECT owner_id FROM deals "
			"WHERE org_id = ? AND id = ?) WHERE org_id = ? AND deal_id = ? "
			"AND done_at IS NULL",
			"UPDATE asks SET owner_id = (SELECT owner_id FROM deals "
			"WHERE org_id = ? AND id = ?) WHERE org_id = ? AND deal_id = ? "
			"AND status = 'open'",
		};
		for (size_t i = 0; i < ARRAY_SIZE(moves) && !rc; i++)
			if (db_run(ctx->db, moves[i], "iiii", ctx->org_id, id,
				   ctx->org_id, id) < 0)
				rc = db_error(ctx->db, err);
	}
out:
	return ctx_tx_end(ctx, rc, err);
}

/* ---- stakeholders ------------------------------------------------------ */

const char *const deal_stakeholder_roles[] = { "decision_maker",
	"influencer", "user", "champion", "committee_member", "problem_owner",
	NULL };
const char deal_stakeholder_role_list[] = "decision_maker|influencer|user|"
	"champion|committee_member|problem_owner";

const char *deal_stakeholder_role_words(const char *role)
{
	static const char *const words[][2] = {
		{ "decision_maker", "a decision maker" },
		{ "influencer", "an influencer" },
		{ "user", "a user" },
		{ "champion", "a champion" },
		{ "committee_member", "a committee member" },
		{ "problem_owner", "a problem owner (the person with the need)" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (role && !strcmp(role, words[i][0]))
			return words[i][1];
	return role ? role : "";
}

int deal_stakeholder_set(struct fc_ctx *ctx, int64_t deal_id,
			 int64_t contact_id, const char *role,
			 struct fc_error *err)
{
	int ok = 0, rc;
	for (int i = 0; deal_stakeholder_roles[i]; i++)
		ok |= role && !strcmp(role, deal_stakeholder_roles[i]);
	if (!ok)
		return fc_fail(err, FC_EINVAL, "role", "'role' must be one of %s",
			       deal_stakeholder_role_list);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_deal, deal_id, 1, err)))
		goto out;
	if ((rc = record_check_access(ctx, &entity_contact, contact_id, 0, err))) {
		if (rc == FC_ENOTFOUND)
			rc = fc_fail(err, FC_EINVAL, "contact_id", "no contact %" PRId64,
				     contact_id);
		goto out;
	}
	if (db_run(ctx->db, "DELETE FROM stakeholders WHERE org_id = ? AND deal_id = ? "
		   "AND contact_id = ?", "iii", ctx->org_id, deal_id, contact_id) < 0 ||
	    db_run(ctx->db, "INSERT INTO stakeholders (org_id, deal_id, contact_id, "
		   "role) VALUES (?, ?, ?, ?)", "iiis", ctx->org_id, deal_id,
		   contact_id, role) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_t *data = json_pack("{s:I, s:s}", "contact_id", (json_int_t)contact_id,
				 "role", role);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "stakeholder", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	return ctx_tx_end(ctx, rc, err);
}

int deal_stakeholder_remove(struct fc_ctx *ctx, int64_t deal_id,
			    int64_t contact_id, struct fc_error *err)
{
	int rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_deal, deal_id, 1, err)))
		goto out;
	if (db_run(ctx->db, "DELETE FROM stakeholders WHERE org_id = ? AND deal_id = ? "
		   "AND contact_id = ?", "iii", ctx->org_id, deal_id, contact_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (db_changes(ctx->db) == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "contact %" PRId64 " is not a "
			     "stakeholder of deal %" PRId64, contact_id, deal_id);
		goto out;
	}
	json_t *data = json_pack("{s:I}", "contact_id", (json_int_t)contact_id);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "stakeholder_removed", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	return ctx_tx_end(ctx, rc, err);
}
