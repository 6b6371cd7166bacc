/* Agreed next steps (R1): every open deal has exactly one open next step,
 * agreed with the customer, with a date. Each call is one transaction with
 * access checks. */
#ifndef FC_CORE_NEXT_STEP_H
#define FC_CORE_NEXT_STEP_H

#include <jansson.h>

#include "core/ctx.h"

/* Sets the deal's agreed next step {what, due, type}; the previous open
 * one is marked done. */
int next_step_set(struct fc_ctx *ctx, int64_t deal_id, json_t *in,
		  int64_t *id, struct fc_error *err);
/* Moves the deal's open next step to DUE (today or later), recording the
 * move with REASON (DEAL_REASON_MAX) in the deal's history: a promise that
 * slips says why, and without a reason the move is refused by the rule
 * "promise-move-reason". IF_VERSION > 0 must be the deal's. */
int next_step_move(struct fc_ctx *ctx, int64_t deal_id, const char *due,
		   const char *reason, int64_t if_version, struct fc_error *err);
/* Marks the deal's current next step done; the deal then needs a new one. */
int next_step_done(struct fc_ctx *ctx, int64_t deal_id, struct fc_error *err);

#endif
