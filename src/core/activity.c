/* Interactions with their outcome, next steps (R1), wants and fits (R3),
 * satisfaction checks (R4, R5) and referrals; see activity.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/activity.h"
#include "core/deal-internal.h"
#include "core/history.h"
#include "core/record.h"
#include "util/date.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int next_step_close_open(struct fc_ctx *ctx, int64_t deal_id, int64_t *closed,
			 struct fc_error *err)
{
	char now[TIME_LEN];
	ctx_now_time(ctx, now);
	if (db_run(ctx->db, "UPDATE next_steps SET status = 'done', done_at = ?, "
		   "updated_at = ?, version = version + 1 WHERE org_id = ? AND "
		   "deal_id = ? AND status = 'open'", "ssii", now, now, ctx->org_id,
		   deal_id) < 0)
		return db_error(ctx->db, err);
	if (closed)
		*closed = db_changes(ctx->db);
	return 0;
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
	if (d && (rc = next_step_close_open(ctx, d->id, NULL, err)))
		goto out;
	if ((rc = record_create(ctx, &entity_next_step, fields, extra, &nid, err)))
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
	char now[TIME_LEN];
	int64_t closed = 0;
	int rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err)) ||
	    (rc = next_step_close_open(ctx, deal_id, &closed, err)))
		goto out;
	if (closed == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, NULL, "deal %" PRId64 " has no open "
			     "next step", deal_id);
		goto out;
	}
	if (db_run(ctx->db, "UPDATE deals SET next_step_id = NULL, updated_at = ?, "
		   "version = version + 1 WHERE org_id = ? AND id = ?", "sii", now,
		   ctx->org_id, deal_id) < 0)
		rc = db_error(ctx->db, err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int interaction_log(struct fc_ctx *ctx, json_t *in, int64_t *id,
		    struct fc_error *err)
{
	struct deal_state d;
	json_t *fields = NULL, *extra = NULL;
	json_t *agreement, *next, *comfort;
	int64_t deal_id, contact_id, iid = 0, nid = 0;
	int rc, have_deal = 0;

	memset(&d, 0, sizeof(d));
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "an interaction must be a JSON object");
	agreement = json_object_get(in, "agreement");
	next = json_object_get(in, "next_step");
	comfort = json_object_get(in, "comfort");
	deal_id = jint(in, "deal_id");
	contact_id = jint(in, "contact_id");
	if (agreement && !json_is_boolean(agreement))
		return fc_fail(err, FC_EINVAL, "agreement", "'agreement' must be true "
			       "or false");
	if (comfort && (!json_is_integer(comfort) || jint(in, "comfort") < 0 ||
			jint(in, "comfort") > 5))
		return fc_fail(err, FC_EINVAL, "comfort", "'comfort' must be between 0 "
			       "and 5");
	if (!deal_id && !contact_id)
		return fc_fail(err, FC_EINVAL, "deal_id", "an interaction needs a deal "
			       "or a contact");
	if (json_is_true(agreement) && (!next || json_is_null(next)))
		return fc_refuse(err, "next-step-required", "an agreement records the "
				 "agreed next step (what, and by when)");
	if (!json_is_true(agreement) && next && !json_is_null(next))
		return fc_fail(err, FC_EINVAL, "next_step", "a next step is agreed: set "
			       "'agreement' to true");

	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (deal_id) {
		if ((rc = deal_state_load(ctx, deal_id, 1, &d, err))) {
			if (rc == FC_ENOTFOUND && err) {
				err->code = rc = FC_EINVAL;
				snprintf(err->field, sizeof(err->field), "deal_id");
			}
			goto out;
		}
		have_deal = 1;
		/* R1: a call on an open deal ends with a next step or an explicit no */
		if (!strcmp(d.status, "open") && !agreement) {
			rc = fc_refuse(err, "next-step-required", "logging an interaction "
				       "on an open deal records the agreed next step or "
				       "that there was no agreement");
			goto out;
		}
		if (!contact_id)
			contact_id = d.contact_id;
	}
	fields = json_deep_copy(in);
	json_object_del(fields, "agreement");
	json_object_del(fields, "next_step");
	json_object_del(fields, "comfort");
	if (contact_id && !json_object_get(fields, "contact_id"))
		json_object_set_new(fields, "contact_id", json_integer(contact_id));
	char now[TIME_LEN];
	ctx_now_time(ctx, now);
	if (!json_object_get(fields, "at"))
		json_object_set_new(fields, "at", json_string(now));
	extra = json_pack("{s:I, s:b}", "owner_id", (json_int_t)ctx->user.id,
			  "agreement", json_is_true(agreement));
	if (have_deal) {
		json_object_set_new(extra, "step", json_string(d.step));
		/* planned: it followed an agreed next step */
		if (!json_object_get(fields, "planned"))
			json_object_set_new(fields, "planned",
					    json_boolean(d.next_step_id != 0));
	}
	if ((rc = record_create(ctx, &entity_interaction, fields, extra, &iid, err)))
		goto out;
	if (json_is_true(agreement)) {
		if (have_deal && strcmp(d.status, "open")) {
			rc = fc_fail(err, FC_ECONFLICT, "next_step", "deal %" PRId64 " is "
				     "%s: closed deals take no next step", deal_id, d.status);
			goto out;
		}
		if ((rc = next_step_write(ctx, have_deal ? &d : NULL,
					  have_deal ? 0 : contact_id, next, iid, &nid, err)))
			goto out;
		if (db_run(ctx->db, "UPDATE interactions SET next_step_id = ? WHERE "
			   "org_id = ? AND id = ?", "iii", nid, ctx->org_id, iid) < 0) {
			rc = db_error(ctx->db, err);
			goto out;
		}
	}
	/* rapport: an explicit level wins; an agreement raises it by one */
	if (contact_id && (comfort || json_is_true(agreement))) {
		if (comfort)
			rc = db_run(ctx->db, "UPDATE contacts SET comfort = ?, updated_at = ?,"
				    " version = version + 1 WHERE org_id = ? AND id = ?",
				    "isii", jint(in, "comfort"), now, ctx->org_id, contact_id);
		else
			rc = db_run(ctx->db, "UPDATE contacts SET comfort = comfort + 1, "
				    "updated_at = ?, version = version + 1 WHERE org_id = ? "
				    "AND id = ? AND comfort < 5", "sii", now, ctx->org_id,
				    contact_id);
		if (rc < 0) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		rc = 0;
	}
	if (id)
		*id = iid;
out:
	deal_state_release(&d);
	json_decref(fields);
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}

int want_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err)
{
	int rc;
	int64_t deal_id = jint(in, "deal_id");
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a want must be a JSON object");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (deal_id && (rc = record_check_access(ctx, &entity_deal, deal_id, 1, err))) {
		if (rc == FC_ENOTFOUND && err) {
			err->code = rc = FC_EINVAL;
			snprintf(err->field, sizeof(err->field), "deal_id");
		}
		goto out;
	}
	rc = record_create(ctx, &entity_want, in, NULL, id, err);
out:
	return ctx_tx_end(ctx, rc, err);
}

int fit_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err)
{
	int rc;
	int64_t want_id = jint(in, "want_id"), deal_id = 0;
	json_t *extra = NULL;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a fit must be a JSON object");
	if (!want_id)
		return fc_refuse(err, "fulcrum", "a fit needs a recorded want: find out "
				 "what they want first");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (record_check_access(ctx, &entity_want, want_id, 1, NULL)) {
		rc = fc_refuse(err, "fulcrum", "a fit needs a recorded want, and there "
			       "is no want %" PRId64, want_id);
		goto out;
	}
	if ((rc = db_query_int(ctx->db, &deal_id, "SELECT deal_id FROM wants WHERE "
			       "org_id = ? AND id = ?", "ii", ctx->org_id, want_id))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	extra = json_pack("{s:I}", "deal_id", (json_int_t)deal_id);
	rc = record_create(ctx, &entity_fit, in, extra, id, err);
out:
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}

int check_record(struct fc_ctx *ctx, int64_t deal_id, int score,
		 const char *notes, int64_t *id, struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN], today[DATE_LEN];
	int64_t cid = 0;
	int rc;

	if (score < 1 || score > 5)
		return fc_fail(err, FC_EINVAL, "score", "'score' must be between 1 and 5");
	if (notes && strlen(notes) > 4000)
		return fc_fail(err, FC_EINVAL, "notes", "'notes' is longer than 4000 bytes");
	ctx_now_time(ctx, now);
	ctx_today(ctx, today);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err)))
		goto out;
	if (strcmp(d.status, "won")) {
		rc = fc_refuse(err, "follow-up", "a satisfaction check follows a won "
			       "deal, and deal %" PRId64 " is %s", deal_id, d.status);
		goto out;
	}
	rc = db_query_int(ctx->db, &cid, "SELECT id FROM checks WHERE org_id = ? AND "
			  "deal_id = ? AND done_at IS NULL ORDER BY due LIMIT 1", "ii",
			  ctx->org_id, deal_id);
	if (rc == FC_ENOTFOUND)
		rc = db_query_int(ctx->db, &cid, "INSERT INTO checks (org_id, deal_id, "
				  "owner_id, due, created_at, updated_at) VALUES (?, ?, ?, ?,"
				  " ?, ?) RETURNING id", "iiisss", ctx->org_id, deal_id,
				  d.owner_id, today, now, now);
	if (rc || db_run(ctx->db, "UPDATE checks SET score = ?, notes = ?, done_at = ?, "
			 "updated_at = ?, version = version + 1 WHERE org_id = ? AND "
			 "id = ?", "isssii", (int64_t)score, notes, now, now, ctx->org_id,
			 cid) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* R5: a satisfied customer is asked for referrals and more business */
	if (score >= 4) {
		for (int k = 0; k < 2; k++) {
			if (db_run(ctx->db, "INSERT INTO asks (org_id, deal_id, check_id, "
				   "owner_id, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				   "iiiiss", ctx->org_id, deal_id, cid, d.owner_id,
				   k ? "expansion" : "referral", now) < 0) {
				rc = db_error(ctx->db, err);
				goto out;
			}
		}
	}
	json_t *data = json_pack("{s:i}", "score", score);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "check", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
	if (id)
		*id = cid;
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int referral_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		 struct fc_error *err)
{
	int64_t from = jint(in, "from_contact_id"), to = jint(in, "contact_id");
	int64_t account = 0, source = jint(in, "source_deal_id"), unused_id;
	json_t *extra = NULL;
	char now[TIME_LEN];
	int rc;

	if (!id)	/* callers that do not need the id may pass NULL */
		id = &unused_id;

	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a referral must be a JSON object");
	if (from && from == to)
		return fc_fail(err, FC_EINVAL, "contact_id", "a contact cannot refer "
			       "themselves");
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (from)
		db_query_int(ctx->db, &account, "SELECT COALESCE(account_id, 0) FROM "
			     "contacts WHERE org_id = ? AND id = ?", "ii", ctx->org_id,
			     from);
	extra = json_object();
	if (account)
		json_object_set_new(extra, "from_account_id", json_integer(account));
	if ((rc = record_create(ctx, &entity_referral, in, extra, id, err)))
		goto out;
	/* the referred contact remembers who sent them */
	if (db_run(ctx->db, "UPDATE contacts SET referred_by_id = ?, source = "
		   "COALESCE(source, 'referral'), updated_at = ? WHERE org_id = ? AND "
		   "id = ? AND referred_by_id IS NULL", "isii", from, now, ctx->org_id,
		   to) < 0 ||
	    (jint(in, "deal_id") &&
	     db_run(ctx->db, "UPDATE deals SET source_referral_id = ? WHERE org_id = ? "
		    "AND id = ?", "iii", *id, ctx->org_id, jint(in, "deal_id")) < 0)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* R5: the referral answers the referral ask of the referrer's deals */
	if (source)
		rc = db_run(ctx->db, "UPDATE asks SET status = 'done', done_at = ? WHERE "
			    "org_id = ? AND deal_id = ? AND kind = 'referral' AND status = "
			    "'open'", "sii", now, ctx->org_id, source);
	else
		rc = db_run(ctx->db, "UPDATE asks SET status = 'done', done_at = ? WHERE "
			    "org_id = ? AND kind = 'referral' AND status = 'open' AND "
			    "deal_id IN (SELECT id FROM deals WHERE org_id = ? AND "
			    "contact_id = ?)", "siii", now, ctx->org_id, ctx->org_id, from);
	rc = rc < 0 ? db_error(ctx->db, err) : 0;
out:
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}

int ask_done(struct fc_ctx *ctx, int64_t ask_id, struct fc_error *err)
{
	char now[TIME_LEN];
	int rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_ask, ask_id, 0, err)))
		goto out;
	if (db_run(ctx->db, "UPDATE asks SET status = 'done', done_at = ? WHERE "
		   "org_id = ? AND id = ? AND status = 'open'", "sii", now, ctx->org_id,
		   ask_id) < 0)
		rc = db_error(ctx->db, err);
	else if (db_changes(ctx->db) == 0)
		rc = fc_fail(err, FC_ECONFLICT, NULL, "ask %" PRId64 " is already done",
			     ask_id);
out:
	return ctx_tx_end(ctx, rc, err);
}
