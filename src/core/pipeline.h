/* The pipeline: open deals per step of one process, as the board and
 * `fulcrum pipeline` show it. */
#ifndef FC_CORE_PIPELINE_H
#define FC_CORE_PIPELINE_H

#include <jansson.h>

#include "core/ctx.h"

/* [{step, name, phase, probability, deals, value, weighted_value,
 * currency}] for process KEY (NULL: the default), over the deals ctx->user
 * may see, values in the base currency; then, per currency without a rate,
 * a row {step: null, name, deals, value, currency} of those deals apart. */
int pipeline_build(struct fc_ctx *ctx, const char *process_key, json_t **out,
		   struct fc_error *err);

#endif
