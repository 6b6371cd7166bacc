/* Interactions (calls, meetings, e-mails, visits) and what they ended in
 * (R1). Each call is one transaction with access checks. */
#ifndef FC_CORE_INTERACTION_H
#define FC_CORE_INTERACTION_H

#include <jansson.h>

#include "core/ctx.h"

/* IN: kind, deal_id and/or contact_id, at (default now), purpose, notes,
 * planned, and either "agreement": true with "next_step": {what, due, type}
 * or "agreement": false (R1: on an open deal one of the two is required),
 * or "agreement_known": false when the outcome is not known yet (an e-mail
 * logged as it arrived): neither is claimed, and the deal's agenda asks.
 * An agreement replaces the deal's current next step (the old one is done).
 * An interaction that ends in an agreement raises the contact's comfort by
 * one, up to 5 (agreeing is the clearest sign of rapport); "comfort" (0-5)
 * sets the level as the salesperson judges it instead. */
int interaction_log(struct fc_ctx *ctx, json_t *in, int64_t *id,
		    struct fc_error *err);

#endif
