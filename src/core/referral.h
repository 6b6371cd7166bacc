/* Referrals: who introduced whom, and the deal that came of it. Each call is
 * one transaction with access checks. */
#ifndef FC_CORE_REFERRAL_H
#define FC_CORE_REFERRAL_H

#include <jansson.h>

#include "core/ctx.h"

/* IN: from_contact_id, contact_id, deal_id (the resulting deal), source_deal_id.
 * Marks an open referral ask of the referrer's deals done. */
int referral_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		 struct fc_error *err);

#endif
