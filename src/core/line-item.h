/* A deal's line items (step 4, show how): an offering, a quantity, a unit
 * price in the deal's currency, a discount in percent and the line's total.
 * While a deal has line items its value is their sum: every change of an
 * item sets the deal's value (recorded in the deal's history), and the
 * value cannot be set by hand (deal_update() refuses with rule
 * "line-items"); removing the last item leaves the value as it was. Each
 * call is one transaction with access checks; items change only on open
 * deals. Read next: core/proposal.h, which prints them. */
#ifndef FC_CORE_LINE_ITEM_H
#define FC_CORE_LINE_ITEM_H

#include <jansson.h>

#include "core/ctx.h"

/* The most units one line may count. */
#define LINE_ITEM_QUANTITY_MAX 1000000
/* The most line items one deal may have. */
#define LINE_ITEM_MAX_PER_DEAL 200

/* IN: deal_id, offering_id, quantity (default 1), unit_price (in the
 * deal's currency; default the offering's price when it is in that
 * currency), discount (percent, 0-100, default 0). */
int line_item_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		  struct fc_error *err);
/* PATCH: offering_id, quantity, unit_price, discount. */
int line_item_update(struct fc_ctx *ctx, int64_t id, json_t *patch,
		     int64_t if_version, struct fc_error *err);
int line_item_remove(struct fc_ctx *ctx, int64_t id, int64_t if_version,
		     struct fc_error *err);

/* A line's total in minor units: QUANTITY x UNIT_MINOR less DISCOUNT
 * percent, rounded half away from zero; saturates above the bound of one
 * amount, for money_check() to refuse. */
int64_t line_item_total(int64_t quantity, int64_t unit_minor, int64_t discount);

/* Inside a caller's transaction: refuses (rule "line-items") a change of
 * deal DEAL_ID's value or currency that PATCH asks for while the deal has
 * line items. */
int line_item_guard_deal(struct fc_ctx *ctx, int64_t deal_id, json_t *patch,
			 struct fc_error *err);

#endif
