/* Interactions with their outcome (R1); see interaction.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/history.h"
#include "core/interaction.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
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
