/* Interactions with their outcome (R1), planned or reactive, and the
 * customer's order; see interaction.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/history.h"
#include "core/interaction.h"
#include "core/promise.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* Whether an interaction on the day of AT keeps the promise it follows:
 * the open next step of deal D (or, without a deal, of CONTACT_ID), within
 * the process's grace days of its due day (promise_kept_on()). *OPEN says
 * whether there was an open promise at all. */
static int keeps_promise(struct fc_ctx *ctx, const struct deal_state *d,
			 int64_t contact_id, const char *at, int *open,
			 int *kept)
{
	struct process *p = NULL;
	struct db_stmt *st;
	char day[DATE_LEN];
	int32_t on, due = 0;
	int rc, grace;

	*open = *kept = 0;
	if (d) {
		st = db_prepare(ctx->db, "SELECT due FROM next_steps WHERE org_id = ? "
				"AND deal_id = ? AND status = 'open' ORDER BY id DESC");
		if (st)
			db_bindf(st, "ii", ctx->org_id, d->id);
	} else {
		st = db_prepare(ctx->db, "SELECT due FROM next_steps WHERE org_id = ? "
				"AND contact_id = ? AND deal_id IS NULL AND status = "
				"'open' ORDER BY id DESC");
		if (st)
			db_bindf(st, "ii", ctx->org_id, contact_id);
	}
	if (!st)
		return ctx->db->last_error;
	rc = db_step(st);
	if (rc > 0)
		*open = !date_parse(db_col_text(st, 0), &due);
	db_done(st);
	if (rc < 0)
		return rc;
	if (!*open)
		return 0;
	if (d) {
		grace = d->process->grace_days;
	} else {
		struct fc_error ignored;
		grace = process_load(ctx, 0, &p, &ignored) ? PROCESS_GRACE_DEFAULT
							   : p->grace_days;
		process_free(p);
	}
	snprintf(day, sizeof(day), "%.10s", at);
	if (!date_parse(day, &on))
		*kept = promise_kept_on(on, due, grace);
	return 0;
}

/* "agreement_type" of IN: *TYPE NULL when absent, else "next_step" or
 * "order"; an order is an agreement, so it implies "agreement": true. */
static int agreement_type(json_t *in, const char **type, int *agreed,
			  struct fc_error *err)
{
	json_t *t = json_object_get(in, "agreement_type");
	json_t *agreement = json_object_get(in, "agreement");
	*type = NULL;
	*agreed = json_is_true(agreement);
	if (!t || json_is_null(t))
		return 0;
	*type = json_string_value(t);
	if (!*type || (strcmp(*type, "next_step") && strcmp(*type, "order")))
		return fc_fail(err, FC_EINVAL, "agreement_type", "'agreement_type' "
			       "must be next_step or order");
	if (json_is_false(agreement))
		return fc_fail(err, FC_EINVAL, "agreement_type", "an agreement type "
			       "needs an agreement, and 'agreement' is false");
	*agreed = 1;
	return 0;
}

int interaction_log(struct fc_ctx *ctx, json_t *in, int64_t *id,
		    struct fc_error *err)
{
	struct deal_state d;
	json_t *fields = NULL, *extra = NULL;
	json_t *agreement, *next, *comfort, *planned, *known;
	const char *type;
	int64_t deal_id, contact_id, iid = 0, nid = 0;
	int rc, have_deal = 0, agreed, open = 0, kept = 0, unknown, own_defer;

	memset(&d, 0, sizeof(d));
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "an interaction must be a JSON object");
	agreement = json_object_get(in, "agreement");
	next = json_object_get(in, "next_step");
	comfort = json_object_get(in, "comfort");
	planned = json_object_get(in, "planned");
	known = json_object_get(in, "agreement_known");
	unknown = json_is_false(known);
	deal_id = jint(in, "deal_id");
	contact_id = jint(in, "contact_id");
	if (agreement && !json_is_boolean(agreement))
		return fc_fail(err, FC_EINVAL, "agreement", "'agreement' must be true "
			       "or false");
	if (planned && !json_is_boolean(planned))
		return fc_fail(err, FC_EINVAL, "planned", "'planned' must be true "
			       "or false");
	if (known && !json_is_boolean(known))
		return fc_fail(err, FC_EINVAL, "agreement_known", "'agreement_known' "
			       "must be true or false");
	if ((rc = agreement_type(in, &type, &agreed, err)))
		return rc;
	/* not known yet (an e-mail logged as it arrived, core/mail-ingest.h):
	 * it claims neither an agreement nor a "no", and the rep records the
	 * next step later */
	if (unknown && (agreement || type || (next && !json_is_null(next))))
		return fc_fail(err, FC_EINVAL, "agreement_known", "an agreement that "
			       "is not known records neither 'agreement' nor a next "
			       "step");
	if (comfort && (!json_is_integer(comfort) || jint(in, "comfort") < 0 ||
			jint(in, "comfort") > 5))
		return fc_fail(err, FC_EINVAL, "comfort", "'comfort' must be between 0 "
			       "and 5");
	if (!deal_id && !contact_id)
		return fc_fail(err, FC_EINVAL, "deal_id", "an interaction needs a deal "
			       "or a contact");
	if (type && !strcmp(type, "order") && !deal_id)
		return fc_fail(err, FC_EINVAL, "deal_id", "an order is placed on a "
			       "deal: give the deal");
	if (agreed && (!next || json_is_null(next)))
		return fc_refuse(err, "next-step-required", "an agreement records the "
				 "agreed next step (what, and by when)");
	if (!agreed && next && !json_is_null(next))
		return fc_fail(err, FC_EINVAL, "next_step", "a next step is agreed: set "
			       "'agreement' to true");

	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	/* a call writes two events or three (the call, its next step, a
	 * missed promise): the chain's head is read and stored once, and on
	 * SQLite the webhooks counted once, unless a caller (an import)
	 * already defers them for its whole transaction */
	own_defer = !ctx->defer;
	if (own_defer) {
		history_defer_begin(ctx);
		history_defer_chain(ctx);
	}
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
		if (!strcmp(d.status, "open") && !agreement && !type && !unknown) {
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
	json_object_del(fields, "agreement_type");
	json_object_del(fields, "next_step");
	json_object_del(fields, "comfort");
	json_object_del(fields, "agreement_known");
	if (contact_id && !json_object_get(fields, "contact_id"))
		json_object_set_new(fields, "contact_id", json_integer(contact_id));
	char now[TIME_LEN];
	ctx_now_time(ctx, now);
	if (!json_object_get(fields, "at"))
		json_object_set_new(fields, "at", json_string(now));
	/* planned: it keeps the agreed next step it follows (promise.h);
	 * saying so needs a promise to keep, saying "reactive" never fails */
	const char *at = json_string_value(json_object_get(fields, "at"));
	if ((rc = keeps_promise(ctx, have_deal ? &d : NULL, contact_id,
				at ? at : now, &open, &kept))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (json_is_true(planned) && !open) {
		rc = fc_refuse(err, "planned-needs-promise", "an interaction is planned "
			       "when it keeps an agreed next step, and %s has none "
			       "open: log it as reactive", have_deal ? "the deal" :
			       "the contact");
		goto out;
	}
	if (!planned)
		json_object_set_new(fields, "planned", json_boolean(kept));
	extra = json_pack("{s:I, s:b}", "owner_id", (json_int_t)ctx->user.id,
			  "agreement", agreed);
	if (unknown)
		json_object_set_new(extra, "agreement_known", json_false());
	if (agreed)
		json_object_set_new(extra, "agreement_type",
				    json_string(type ? type : "next_step"));
	if (have_deal)
		json_object_set_new(extra, "step", json_string(d.step));
	if ((rc = record_create(ctx, &entity_interaction, fields, extra, &iid, err)))
		goto out;
	if (agreed) {
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
	if (contact_id && (comfort || agreed)) {
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
	if (own_defer) {
		if (!rc)
			rc = history_defer_flush(ctx, err);
		history_defer_end(ctx);
	}
	deal_state_release(&d);
	json_decref(fields);
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}
