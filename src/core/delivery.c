/* A won deal's later deliveries, each with its own satisfaction check (R4:
 * one check per delivery); see delivery.h. The first delivery is the win's
 * (deal_win, deal_won_effects). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/delivery.h"
#include "core/history.h"
#include "util/date.h"
#include "util/banned.h"

int deal_deliver(struct fc_ctx *ctx, int64_t deal_id, const char *date,
		 struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN], on[DATE_LEN], due[DATE_LEN];
	int64_t n = 0;
	int32_t day;
	int rc;

	if (date && *date) {
		if (date_parse(date, &day))
			return fc_fail(err, FC_EINVAL, "date", "'date' must be a date "
				       "YYYY-MM-DD");
	} else {
		day = date_from_time(ctx->now);
	}
	date_format(day, on);
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err)))
		goto out;
	if (strcmp(d.status, "won")) {
		rc = fc_refuse(err, "follow-up", "a delivery follows a won deal, and "
			       "deal %" PRId64 " is %s", deal_id, d.status);
		goto out;
	}
	if ((rc = db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM checks WHERE "
			       "org_id = ? AND deal_id = ? AND kind = 'delivery' AND "
			       "delivered_on = ?", "iis", ctx->org_id, deal_id, on))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (n) {
		rc = fc_fail(err, FC_ECONFLICT, "date", "deal %" PRId64 "'s delivery "
			     "of %s is already recorded", deal_id, on);
		goto out;
	}
	date_format(day + d.process->check_days, due);
	/* the deal's delivery date is its latest delivery's */
	if (db_run(ctx->db, "INSERT INTO checks (org_id, deal_id, owner_id, due, "
		   "delivered_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
		   "?)", "iiissss", ctx->org_id, deal_id, d.owner_id, due, on, now,
		   now) < 0 ||
	    db_run(ctx->db, "UPDATE deals SET delivered_on = ?, updated_at = ?, "
		   "version = version + 1 WHERE org_id = ? AND id = ? AND "
		   "(delivered_on IS NULL OR delivered_on < ?)", "ssiis", on, now,
		   ctx->org_id, deal_id, on) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_t *data = json_pack("{s:s, s:s}", "delivered_on", on, "check_due",
				 due);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "delivered", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}
