/* Referrals, which close the referral ask that led to them; see referral.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/history.h"
#include "core/record.h"
#include "core/referral.h"
#include "util/date.h"
#include "util/banned.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
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
