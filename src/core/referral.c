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

int referral_link_write(struct fc_ctx *ctx, int64_t referral_id,
			int64_t deal_id, const char *now, struct fc_error *err)
{
	int64_t linked = 0, contact = 0, source = 0, from_ref = 0;
	int64_t deal_contact = 0, deal_account = 0, contact_account = 0;
	char status[8] = "";
	int found, rc;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT COALESCE(r.deal_id, 0), "
		"r.contact_id, COALESCE(r.source_deal_id, 0), COALESCE(c.account_id, 0) "
		"FROM referrals r JOIN contacts c ON c.org_id = r.org_id AND c.id = "
		"r.contact_id WHERE r.org_id = ? AND r.id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, referral_id);
	if ((found = db_step(st)) > 0) {
		linked = db_col_int(st, 0);
		contact = db_col_int(st, 1);
		source = db_col_int(st, 2);
		contact_account = db_col_int(st, 3);
	}
	db_done(st);
	if (found < 0)
		return db_error(ctx->db, err);
	if (!found)
		return fc_fail(err, FC_EINVAL, "referral_id", "no referral %" PRId64,
			       referral_id);
	st = db_prepare(ctx->db, "SELECT COALESCE(source_referral_id, 0), "
			"contact_id, account_id, status FROM deals WHERE org_id = ? AND "
			"id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, deal_id);
	if ((found = db_step(st)) > 0) {
		from_ref = db_col_int(st, 0);
		deal_contact = db_col_int(st, 1);
		deal_account = db_col_int(st, 2);
		snprintf(status, sizeof(status), "%s", db_col_text(st, 3));
	}
	db_done(st);
	if (found < 0)
		return db_error(ctx->db, err);
	if (!found)
		return fc_fail(err, FC_EINVAL, "deal_id", "no deal %" PRId64, deal_id);
	/* the won value is credited once, to the one referral behind it */
	if (linked && linked != deal_id)
		return fc_refuse(err, "referral-credit", "referral %" PRId64 " already "
				 "produced deal %" PRId64, referral_id, linked);
	if (from_ref && from_ref != referral_id)
		return fc_refuse(err, "referral-credit", "deal %" PRId64 " already came "
				 "from referral %" PRId64, deal_id, from_ref);
	if (source == deal_id)
		return fc_refuse(err, "referral-credit", "deal %" PRId64 " is the deal "
				 "referral %" PRId64 " came from, not one it produced",
				 deal_id, referral_id);
	if (deal_contact != contact &&
	    !(contact_account && contact_account == deal_account))
		return fc_refuse(err, "referral-credit", "deal %" PRId64 " is not with "
				 "the contact referral %" PRId64 " introduced (contact %"
				 PRId64 ") or their account", deal_id, referral_id,
				 contact);
	if (linked == deal_id && from_ref == referral_id)
		return 0;
	/* the referral follows the outcome of a closed deal, as
	 * deal_referral_follow does when it closes later */
	rc = linked == deal_id ? 0 :
	     db_run(ctx->db, "UPDATE referrals SET deal_id = ?, status = CASE WHEN "
		    "? IN ('won', 'lost') THEN ? ELSE status END, updated_at = ?, "
		    "version = version + 1 WHERE org_id = ? AND id = ?", "isssii",
		    deal_id, status, status, now, ctx->org_id, referral_id);
	if (rc < 0 || db_run(ctx->db, "UPDATE deals SET source_referral_id = ? WHERE "
			     "org_id = ? AND id = ?", "iii", referral_id, ctx->org_id,
			     deal_id) < 0)
		return db_error(ctx->db, err);
	return 0;
}

int referral_link(struct fc_ctx *ctx, int64_t referral_id, int64_t deal_id,
		  struct fc_error *err)
{
	char now[TIME_LEN];
	int64_t from = 0;
	int rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	int64_t same = 0;
	if ((rc = record_check_access(ctx, &entity_referral, referral_id, 1, err)) ||
	    (rc = record_check_access(ctx, &entity_deal, deal_id, 1, err)))
		goto out;
	if (db_query_int(ctx->db, &same, "SELECT COUNT(*) FROM referrals r JOIN "
			 "deals d ON d.org_id = r.org_id AND d.id = r.deal_id WHERE "
			 "r.org_id = ? AND r.id = ? AND d.id = ? AND "
			 "d.source_referral_id = r.id", "iii", ctx->org_id,
			 referral_id, deal_id)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* linked already: nothing to record */
	if (same || (rc = referral_link_write(ctx, referral_id, deal_id, now, err)))
		goto out;
	if (db_query_int(ctx->db, &from, "SELECT from_contact_id FROM referrals "
			 "WHERE org_id = ? AND id = ?", "ii", ctx->org_id,
			 referral_id)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_t *data = json_pack("{s:I, s:I}", "referral_id", (json_int_t)referral_id,
				 "from_contact_id", (json_int_t)from);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "referral", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
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
		   to) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (jint(in, "deal_id") && (rc = referral_link_write(ctx, *id,
			jint(in, "deal_id"), now, err)))
		goto out;
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
