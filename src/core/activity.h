/* What salespeople record around a deal: interactions with their outcome,
 * agreed next steps (R1), wants and fits (R3), satisfaction checks (R4, R5)
 * and referrals. Each call is one transaction with access checks. */
#ifndef FC_CORE_ACTIVITY_H
#define FC_CORE_ACTIVITY_H

#include <jansson.h>

#include "core/ctx.h"

/* IN: kind, deal_id and/or contact_id, at (default now), purpose, notes,
 * planned, and either "agreement": true with "next_step": {what, due, type}
 * or "agreement": false (R1: on an open deal one of the two is required).
 * An agreement replaces the deal's current next step (the old one is done).
 * An interaction that ends in an agreement raises the contact's comfort by
 * one, up to 5 (agreeing is the clearest sign of rapport); "comfort" (0-5)
 * sets the level as the salesperson judges it instead. */
int interaction_log(struct fc_ctx *ctx, json_t *in, int64_t *id,
		    struct fc_error *err);
/* Sets the deal's agreed next step {what, due, type}; the previous open
 * one is marked done. */
int next_step_set(struct fc_ctx *ctx, int64_t deal_id, json_t *in,
		  int64_t *id, struct fc_error *err);
/* Marks the deal's current next step done; the deal then needs a new one. */
int next_step_done(struct fc_ctx *ctx, int64_t deal_id, struct fc_error *err);

/* IN: deal_id, kind, text, importance, contact_id, interaction_id. */
int want_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err);
/* IN: want_id, offering_id, how (R3: the want must exist and be visible). */
int fit_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err);
/* Records the satisfaction check of a won deal: score 1-5, notes. A score
 * of 4 or 5 creates a referral ask and an expansion ask (R5). */
int check_record(struct fc_ctx *ctx, int64_t deal_id, int score,
		 const char *notes, int64_t *id, struct fc_error *err);
/* IN: from_contact_id, contact_id, deal_id (the resulting deal), source_deal_id.
 * Marks an open referral ask of the referrer's deals done. */
int referral_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		 struct fc_error *err);
/* Closes an open leverage ask (kind referral|expansion) of a deal. */
int ask_done(struct fc_ctx *ctx, int64_t ask_id, struct fc_error *err);

#endif
