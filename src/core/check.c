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
	rc = db_query_int(ctx->db, &cid, "SELECT id FROM checks WHERE org_id = ? AND "
			  "deal_id = ? AND done_at IS NULL ORDER BY due LIMIT 1", "ii",
			  ctx->org_id, deal_id);
	/* one check per delivery: every win schedules its check (R4), so
	 * with none pending, a done one was this delivery's */
	int64_t done = 0;
	if (rc == FC_ENOTFOUND &&
	    db_query_int(ctx->db, &done, "SELECT COUNT(*) FROM checks WHERE "
			 "org_id = ? AND deal_id = ? AND done_at IS NOT NULL", "ii",
			 ctx->org_id, deal_id) == 0 && done) {
		rc = fc_refuse(err, "follow-up", "deal %" PRId64 "'s satisfaction "
			       "check for this delivery is already recorded",
			       deal_id);
		goto out;
	}
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
