/* What the customer wants: the fulcrum (R3). Each call is
 * one transaction with access checks. */
#ifndef FC_CORE_WANT_H
#define FC_CORE_WANT_H

#include <jansson.h>

#include "core/ctx.h"

/* IN: deal_id, kind, text, importance, contact_id, interaction_id. */
int want_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err);

#endif
