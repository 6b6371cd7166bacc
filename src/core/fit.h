/* Fits: how an offering gives the customer a want (R3). Each call is
 * one transaction with access checks. */
#ifndef FC_CORE_FIT_H
#define FC_CORE_FIT_H

#include <jansson.h>

#include "core/ctx.h"

/* IN: want_id, offering_id, how (R3: the want must exist and be visible). */
int fit_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err);

#endif
