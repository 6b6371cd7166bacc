/* Satisfaction checks of won deals (R4) and the referral and expansion asks
 * a good one opens (R5). Each call is one transaction with access checks. */
#ifndef FC_CORE_CHECK_H
#define FC_CORE_CHECK_H

#include <jansson.h>

#include "core/ctx.h"

#define CHECK_SCORE_MIN 1
#define CHECK_SCORE_MAX 5
#define CHECK_NOTES_MAX 4000	/* bytes */

/* Records the satisfaction check of a won deal: score 1-5, notes. A score
 * of 4 or 5 creates a referral ask and an expansion ask (R5). */
int check_add(struct fc_ctx *ctx, int64_t deal_id, int score,
	      const char *notes, int64_t *id, struct fc_error *err);
/* Closes an open leverage ask (kind referral|expansion) of a deal. */
int ask_done(struct fc_ctx *ctx, int64_t ask_id, struct fc_error *err);
/* Declines an open ask: it will not be made, for REASON (required, at most
 * DEAL_REASON_MAX bytes). The ask leaves the agenda (status "declined",
 * the reason kept) and the deal's history records an "ask-declined" event
 * with the reason. FC_ECONFLICT when the ask is no longer open. */
int ask_decline(struct fc_ctx *ctx, int64_t ask_id, const char *reason,
		struct fc_error *err);

#endif
