/* Referrals: who introduced whom, and the deal that came of it. Each call is
 * one transaction with access checks. */
#ifndef FC_CORE_REFERRAL_H
#define FC_CORE_REFERRAL_H

#include <jansson.h>

#include "core/ctx.h"

/* IN: from_contact_id, contact_id, deal_id (the resulting deal), source_deal_id.
 * Marks an open referral ask of the referrer's deals done. A deal_id obeys
 * the rule of referral_link. */
int referral_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		 struct fc_error *err);

/* Links referral REFERRAL_ID to the deal it produced, DEAL_ID: the deal's
 * won value is then credited to the referrer, their account and the
 * referral's source deal (report referrals). Refused ("referral-credit")
 * when the referral already produced another deal, the deal came from
 * another referral, the deal is the referral's source deal, or the deal is
 * not with the referred contact or their account. The referral's status
 * follows the deal's outcome (won, lost); the deal's history records a
 * "referral" event. Linking the same pair again changes nothing. */
int referral_link(struct fc_ctx *ctx, int64_t referral_id, int64_t deal_id,
		  struct fc_error *err);
/* The same inside the caller's transaction, without access checks or
 * history: for deal_create (deal add --referral) and referral_add. */
int referral_link_write(struct fc_ctx *ctx, int64_t referral_id,
			int64_t deal_id, const char *now, struct fc_error *err);

#endif
