/* What a deal's outcome does beyond the deal's own row (SPEC.md R4): a win
 * makes its account a customer, settles the referral it came from and
 * schedules its satisfaction check; a loss settles the referral. Every writer
 * of an outcome (deal_win and deal_lose, import, the bulk demo) calls these,
 * so the rule has one home. */
#include "core/deal-internal.h"
#include "store/db.h"
#include "util/date.h"
#include "util/banned.h"

int deal_won_effects(struct fc_ctx *ctx, const struct deal_won *w,
		     struct fc_error *err)
{
	char due[DATE_LEN], delivered[DATE_LEN];
	int rc;
	/* R4: the satisfaction check is due N days after delivery, and it is
	 * that delivery's (one check per delivery) */
	date_format(w->delivered + w->check_days, due);
	date_format(w->delivered, delivered);
	/* won again (reopened) on a delivery already checked: the same one */
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM checks WHERE org_id = ? "
			 "AND deal_id = ? AND kind = 'delivery' AND delivered_on = ?",
			 "iis", ctx->org_id, w->deal_id, delivered))
		return db_error(ctx->db, err);
	if (n)
		rc = 0;
	else if (w->check_id)
		rc = db_run(ctx->db, "INSERT INTO checks (id, org_id, deal_id, "
			    "owner_id, due, delivered_on, created_at, updated_at) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iiiissss", w->check_id,
			    ctx->org_id, w->deal_id, w->owner_id, due, delivered,
			    w->now, w->now);
	else
		rc = db_run(ctx->db, "INSERT INTO checks (org_id, deal_id, owner_id, "
			    "due, delivered_on, created_at, updated_at) VALUES (?, ?, "
			    "?, ?, ?, ?, ?)", "iiissss", ctx->org_id, w->deal_id,
			    w->owner_id, due, delivered, w->now, w->now);
	if (rc < 0 ||
	    db_run(ctx->db, "UPDATE accounts SET status = 'customer', updated_at = ?, "
		   "version = version + 1 WHERE org_id = ? AND id = ? AND status <> "
		   "'customer'", "sii", w->now, ctx->org_id, w->account_id) < 0)
		return db_error(ctx->db, err);
	return deal_referral_follow(ctx, w->deal_id, "won", w->now, err);
}

int deal_referral_follow(struct fc_ctx *ctx, int64_t deal_id,
			 const char *status, const char *now,
			 struct fc_error *err)
{
	if (db_run(ctx->db, "UPDATE referrals SET status = ?, updated_at = ? WHERE "
		   "org_id = ? AND deal_id = ?", "ssii", status, now, ctx->org_id,
		   deal_id) < 0)
		return db_error(ctx->db, err);
	return 0;
}
