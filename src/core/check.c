/* Satisfaction checks of won deals and the asks they open (R4, R5); see check.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/check.h"
#include "core/deal.h"
#include "core/deal-internal.h"
#include "core/history.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

int32_t check_add_months(int32_t day, int months)
{
	static const unsigned last[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
					 30, 31 };
	int y;
	unsigned m, d;
	civil_from_days(day, &y, &m, &d);
	int total = y * 12 + (int)m - 1 + months;
	y = total / 12;
	m = (unsigned)(total % 12) + 1;
	unsigned end = last[m - 1] + (m == 2 && y % 4 == 0 &&
				      (y % 100 != 0 || y % 400 == 0));
	return days_from_civil(y, m, d > end ? end : d);
}

int check_schedule_periodic(struct fc_ctx *ctx, const struct check_periodic *cp,
			    int *scheduled, struct fc_error *err)
{
	char due[DATE_LEN];
	int64_t n = 0;
	int rc;
	if (scheduled)
		*scheduled = 0;
	if (cp->months <= 0)
		return 0;
	/* an active customer, without a periodic check already pending on
	 * one of its deals: one follow-up per customer, not per deal */
	if ((rc = db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM accounts WHERE "
			       "org_id = ? AND id = ? AND status = 'customer'", "ii",
			       ctx->org_id, cp->account_id)))
		return db_error(ctx->db, err);
	if (!n)
		return 0;
	if (cp->pending)
		n = *cp->pending;
	else if ((rc = db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM checks c "
				    "JOIN deals d ON d.org_id = c.org_id AND d.id = "
				    "c.deal_id WHERE c.org_id = ? AND d.account_id = ? "
				    "AND c.kind = 'periodic' AND c.done_at IS NULL",
				    "ii", ctx->org_id, cp->account_id)))
		return db_error(ctx->db, err);
	if (n)
		return 0;
	date_format(check_add_months(cp->done, cp->months), due);
	if (cp->check_id)
		rc = db_run(ctx->db, "INSERT INTO checks (id, org_id, deal_id, "
			    "owner_id, due, kind, created_at, updated_at) VALUES (?, "
			    "?, ?, ?, ?, 'periodic', ?, ?)", "iiiisss", cp->check_id,
			    ctx->org_id, cp->deal_id, cp->owner_id, due, cp->now,
			    cp->now);
	else
		rc = db_run(ctx->db, "INSERT INTO checks (org_id, deal_id, owner_id, "
			    "due, kind, created_at, updated_at) VALUES (?, ?, ?, ?, "
			    "'periodic', ?, ?)", "iiisss", ctx->org_id, cp->deal_id,
			    cp->owner_id, due, cp->now, cp->now);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (scheduled)
		*scheduled = 1;
	return 0;
}

/* The check a new score of deal D goes to: its pending delivery check
 * first, else its pending periodic check once due; or, for a won deal
 * that has none (won before checks followed deliveries), a new check of
 * its delivery. Refuses a check before the delivery and a second one for
 * the same delivery or period. */
static int pending_check(struct fc_ctx *ctx, const struct deal_state *d,
			 const char *today, const char *now, int64_t *cid,
			 struct fc_error *err)
{
	char kind[16] = "", delivered[DATE_LEN] = "", due[DATE_LEN] = "";
	int64_t done = 0;
	int found, rc;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT c.id, c.kind, COALESCE("
		"c.delivered_on, d.delivered_on, ''), c.due FROM checks c JOIN deals "
		"d ON d.org_id = c.org_id AND d.id = c.deal_id WHERE c.org_id = ? AND "
		"c.deal_id = ? AND c.done_at IS NULL ORDER BY CASE c.kind WHEN "
		"'delivery' THEN 0 ELSE 1 END, c.due, c.id LIMIT 1");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, d->id);
	if ((found = db_step(st)) > 0) {
		*cid = db_col_int(st, 0);
		snprintf(kind, sizeof(kind), "%s", db_col_text(st, 1));
		snprintf(delivered, sizeof(delivered), "%s", db_col_text(st, 2));
		snprintf(due, sizeof(due), "%s", db_col_text(st, 3));
	}
	db_done(st);
	if (found < 0)
		return db_error(ctx->db, err);
	if (found && !strcmp(kind, "periodic")) {
		if (strcmp(today, due) >= 0)
			return 0;
		return fc_refuse(err, "one-check-per-delivery", "deal %" PRId64 "'s "
				 "satisfaction check is recorded; the next, a periodic "
				 "check, falls due on %s", d->id, due);
	}
	if (!found) {
		/* none pending: a done one was this delivery's */
		if (db_query_int(ctx->db, &done, "SELECT COUNT(*) FROM checks WHERE "
				 "org_id = ? AND deal_id = ? AND done_at IS NOT NULL",
				 "ii", ctx->org_id, d->id))
			return db_error(ctx->db, err);
		if (done)
			return fc_refuse(err, "one-check-per-delivery", "deal %" PRId64
					 "'s satisfaction check for this delivery is "
					 "already recorded; a new delivery (deal deliver) "
					 "schedules the next", d->id);
		struct db_stmt *dl = db_prepare(ctx->db, "SELECT COALESCE("
			"delivered_on, '') FROM deals WHERE org_id = ? AND id = ?");
		if (!dl)
			return db_error(ctx->db, err);
		db_bindf(dl, "ii", ctx->org_id, d->id);
		if (db_step(dl) > 0)
			snprintf(delivered, sizeof(delivered), "%s", db_col_text(dl, 0));
		db_done(dl);
	}
	if (delivered[0] && strcmp(today, delivered) < 0)
		return fc_refuse(err, "check-after-delivery", "deal %" PRId64 " is "
				 "delivered on %s: its satisfaction check is taken from "
				 "that day on", d->id, delivered);
	if (found)
		return 0;
	if ((rc = db_insert_id(ctx->db, cid, "INSERT INTO checks (org_id, deal_id, "
			       "owner_id, due, delivered_on, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)", "iiissss",
			       ctx->org_id, d->id, d->owner_id, today,
			       delivered[0] ? delivered : NULL, now, now)))
		return db_error(ctx->db, err);
	return 0;
}

int check_add(struct fc_ctx *ctx, int64_t deal_id, int score,
	      const char *notes, int64_t *id, struct fc_error *err)
{
	struct deal_state d;
	char now[TIME_LEN], today[DATE_LEN];
	int64_t cid = 0;
	int rc;

	if (score < CHECK_SCORE_MIN || score > CHECK_SCORE_MAX)
		return fc_fail(err, FC_EINVAL, "score", "'score' must be between %d "
			       "and %d", CHECK_SCORE_MIN, CHECK_SCORE_MAX);
	if (notes && strlen(notes) > CHECK_NOTES_MAX)
		return fc_fail(err, FC_EINVAL, "notes", "'notes' is longer than %d "
			       "bytes", CHECK_NOTES_MAX);
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
	if ((rc = pending_check(ctx, &d, today, now, &cid, err)))
		goto out;
	if (db_run(ctx->db, "UPDATE checks SET score = ?, notes = ?, done_at = ?, "
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
	/* satisfaction is followed beyond the sale */
	struct check_periodic cp = { .deal_id = deal_id, .account_id = d.account_id,
				     .owner_id = d.owner_id,
				     .months = d.process->check_every_months,
				     .done = date_from_time(ctx->now), .now = now };
	if ((rc = check_schedule_periodic(ctx, &cp, NULL, err)))
		goto out;
	json_t *data = json_pack("{s:i, s:s?}", "score", score, "notes",
				 notes && notes[0] ? notes : NULL);
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
		rc = fc_fail(err, FC_ECONFLICT, NULL, "ask %" PRId64 " is already done or "
			     "declined", ask_id);
out:
	return ctx_tx_end(ctx, rc, err);
}

int ask_decline(struct fc_ctx *ctx, int64_t ask_id, const char *reason,
		struct fc_error *err)
{
	char now[TIME_LEN], kind[16] = "";
	int64_t deal_id = 0;
	int rc;
	if (!reason || !*reason)
		return fc_fail(err, FC_EINVAL, "reason", "'reason' is required: say "
			       "why the ask is declined");
	if ((rc = deal_reason_check(reason, err)))
		return rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_ask, ask_id, 1, err)))
		goto out;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT deal_id, kind FROM asks "
					"WHERE org_id = ? AND id = ?");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, ask_id);
	if (db_step(st) > 0) {
		deal_id = db_col_int(st, 0);
		snprintf(kind, sizeof(kind), "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (db_run(ctx->db, "UPDATE asks SET status = 'declined', done_at = ?, "
		   "declined_reason = ? WHERE org_id = ? AND id = ? AND status = "
		   "'open'", "ssii", now, reason, ctx->org_id, ask_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (db_changes(ctx->db) == 0) {
		rc = fc_fail(err, FC_ECONFLICT, NULL, "ask %" PRId64 " is no longer "
			     "open", ask_id);
		goto out;
	}
	/* the deal's history keeps what was not asked, and why */
	json_t *data = json_pack("{s:I, s:s}", "ask_id", (json_int_t)ask_id,
				 "kind", kind);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "ask-declined", .reason = reason,
				    .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	return ctx_tx_end(ctx, rc, err);
}
