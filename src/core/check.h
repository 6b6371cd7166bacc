/* Satisfaction checks of won deals (R4) and the referral and expansion asks
 * a good one opens (R5). Each call is one transaction with access checks.
 *
 * A check is either a delivery's (kind "delivery": every win and every
 * later delivery, deal_deliver, schedules one, due the process's check_days
 * after that delivery; see delivery.h) or a periodic one (kind "periodic": recording any
 * check of an active customer, an account whose status is "customer",
 * schedules the next the process's check_every_months later, one pending
 * per account). Refusals name their rule: "follow-up" (the deal is not
 * won), "check-after-delivery" (before the delivery date),
 * "one-check-per-delivery" (this delivery's check, or this period's, is
 * already recorded). A score at or below CHECK_RECOVERY_SCORE puts a
 * recovery item on the agenda of the owner and their manager until an
 * interaction is logged on the deal (see agenda.h). */
#ifndef FC_CORE_CHECK_H
#define FC_CORE_CHECK_H

#include <jansson.h>

#include "core/ctx.h"

#define CHECK_SCORE_MIN 1
#define CHECK_SCORE_MAX 5
#define CHECK_NOTES_MAX 4000	/* bytes */
/* at or below: recover the customer; sql/045-agenda-rank-columns.sql keeps
 * checks.unanswered with the same number */
#define CHECK_RECOVERY_SCORE 2

/* Records the satisfaction check of a won deal: score 1-5, notes. It is
 * the deal's pending check (a delivery's first, else the periodic one once
 * due). A score of 4 or 5 creates a referral ask and an expansion ask (R5). */
int check_add(struct fc_ctx *ctx, int64_t deal_id, int score,
	      const char *notes, int64_t *id, struct fc_error *err);

/* Inside a caller's transaction, after a check of DEAL_ID (of ACCOUNT_ID,
 * owned by OWNER_ID) was recorded on day DONE: schedules the account's next
 * periodic check MONTHS later, unless MONTHS is 0, the account is not a
 * customer or it has a periodic check pending. PENDING, when not NULL,
 * says whether it has one (the demo's bulk path knows it without the
 * query). CHECK_ID is the new row's id, or 0 for the database to pick;
 * *SCHEDULED (may be NULL) says whether one was. */
struct check_periodic {
	int64_t deal_id, account_id, owner_id;
	int months;
	int32_t done;
	const int *pending;
	int64_t check_id;
	const char *now;
};
int check_schedule_periodic(struct fc_ctx *ctx, const struct check_periodic *cp,
			    int *scheduled, struct fc_error *err);
/* DAY plus MONTHS calendar months, the day of the month kept or, past the
 * end of a shorter month, its last day. */
int32_t check_add_months(int32_t day, int months);
/* Closes an open leverage ask (kind referral|expansion) of a deal. */
int ask_done(struct fc_ctx *ctx, int64_t ask_id, struct fc_error *err);
/* Declines an open ask: it will not be made, for REASON (required, at most
 * DEAL_REASON_MAX bytes). The ask leaves the agenda (status "declined",
 * the reason kept) and the deal's history records an "ask-declined" event
 * with the reason. FC_ECONFLICT when the ask is no longer open. */
int ask_decline(struct fc_ctx *ctx, int64_t ask_id, const char *reason,
		struct fc_error *err);

#endif
