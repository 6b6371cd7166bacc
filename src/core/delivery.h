/* Deliveries of a won deal after the first (which deal_win records): each
 * one schedules its own satisfaction check (R4, one check per delivery;
 * see check.h). One transaction with access checks and history. */
#ifndef FC_CORE_DELIVERY_H
#define FC_CORE_DELIVERY_H

#include "core/ctx.h"

/* Records a delivery of won deal DEAL_ID on DATE (YYYY-MM-DD; NULL or "":
 * today): the deal's delivery date becomes the latest delivery's, and the
 * delivery's check falls due the process's check_days after DATE. Refused
 * ("follow-up") unless the deal is won; FC_ECONFLICT when a delivery on
 * DATE is already recorded. The deal's history gets a "delivered" event. */
int deal_deliver(struct fc_ctx *ctx, int64_t deal_id, const char *date,
		 struct fc_error *err);

#endif
