/* The demo's line items and proposals: once every deal is written (by
 * either path), the first open deals presenting or asking for agreement
 * with fits get a line for each offering that fits them and a proposal
 * built from it all, through the core services and as their owner, so
 * that both paths end the same and the demo shows step 4 in full. The
 * lines share out the value the deal already has (a negotiated price per
 * line, in proportion to the list prices), so that the deal's value, and
 * the pipeline, reports and agenda the demo tells, stay as generated. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/demo/internal.h"
#include "core/line-item.h"
#include "core/money.h"
#include "core/proposal.h"
#include "util/banned.h"

/* How many deals get them: enough to show, whatever the demo's size. */
#define DEMO_PROPOSALS 12

struct showcase {
	int64_t deal, value;
	char owner[256], currency[4];
};

static int pick(struct fc_ctx *ctx, struct showcase *out, int *n,
		struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT d.id, u.email, "
		"d.value_cents, d.currency FROM deals d "
		"JOIN steps s ON s.org_id = d.org_id AND s.process_id = d.process_id "
		"AND s.key = d.step JOIN users u ON u.org_id = d.org_id AND u.id = "
		"d.owner_id WHERE d.org_id = ? AND d.status = 'open' AND s.phase IN "
		"('present', 'agree') AND EXISTS (SELECT 1 FROM fits f WHERE "
		"f.org_id = d.org_id AND f.deal_id = d.id) AND d.value_cents >= 100000 "
		"ORDER BY d.id LIMIT ?");
	int rc;
	*n = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, (int64_t)DEMO_PROPOSALS);
	while ((rc = db_step(st)) > 0 && *n < DEMO_PROPOSALS) {
		out[*n].deal = db_col_int(st, 0);
		snprintf(out[*n].owner, sizeof(out[*n].owner), "%s", db_col_text(st, 1));
		out[*n].value = db_col_int(st, 2);
		snprintf(out[*n].currency, sizeof(out[*n].currency), "%s",
			 db_col_text(st, 3));
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* The offerings that fit DEAL and are priced in its currency, in ID order,
 * with their prices. */
static int offerings_of(struct fc_ctx *ctx, int64_t deal, int64_t *ids,
			int64_t *prices, int *n, int max, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT DISTINCT o.id, "
		"o.price_cents FROM fits f "
		"JOIN offerings o ON o.org_id = f.org_id AND o.id = f.offering_id "
		"JOIN deals d ON d.org_id = f.org_id AND d.id = f.deal_id WHERE "
		"f.org_id = ? AND f.deal_id = ? AND o.price_cents IS NOT NULL AND "
		"o.currency = d.currency ORDER BY o.id");
	int rc;
	*n = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, deal);
	while ((rc = db_step(st)) > 0 && *n < max) {
		ids[*n] = db_col_int(st, 0);
		prices[(*n)++] = db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* One line of deal S: QUANTITY of OFFERING at UNIT less DISCOUNT percent. */
static int line(struct fc_ctx *ctx, const struct showcase *s, int64_t offering,
		int64_t quantity, int64_t unit, int64_t discount,
		struct fc_error *err)
{
	char price[32];
	money_format(unit, s->currency, price, sizeof(price));
	json_t *in = json_pack("{s:I, s:I, s:I, s:s, s:I}", "deal_id",
			       (json_int_t)s->deal, "offering_id", (json_int_t)offering,
			       "quantity", (json_int_t)quantity, "unit_price", price,
			       "discount", (json_int_t)discount);
	int rc = line_item_add(ctx, in, NULL, err);
	json_decref(in);
	return rc;
}

int demo_proposals(struct fc_ctx *ctx, int64_t *items, int64_t *proposals,
		   struct fc_error *err)
{
	struct showcase deals[DEMO_PROPOSALS];
	int n, rc;
	if ((rc = pick(ctx, deals, &n, err)))
		return rc;
	for (int i = 0; i < n; i++) {
		const struct showcase *s = &deals[i];
		int64_t offs[8], prices[8], list = 0, given = 0;
		int noffs;
		if ((rc = ctx_act_as(ctx, s->owner, err)) ||
		    (rc = offerings_of(ctx, s->deal, offs, prices, &noffs, 8, err)))
			return rc;
		if (!noffs)
			continue;
		for (int k = 0; k < noffs; k++)
			list += prices[k];
		if (!list)
			continue;
		/* every line but the last takes its list price's share of the
		 * value (the first a few seats, now and then at 10% off); the
		 * last what is left, so that the lines sum to the value */
		for (int k = 0; k + 1 < noffs; k++) {
			int64_t q = k ? 1 : 1 + s->deal % 3;
			int64_t off = k == 0 && s->deal % 3 == 0 ? 10 : 0;
			__extension__ typedef __int128 wide;
			int64_t share = (int64_t)((wide)s->value * prices[k] / list);
			int64_t unit = share * 100 / (100 - off) / q;
			if ((rc = line(ctx, s, offs[k], q, unit, off, err)))
				return rc;
			given += line_item_total(q, unit, off);
			(*items)++;
		}
		if ((rc = line(ctx, s, offs[noffs - 1], 1, s->value - given, 0, err)))
			return rc;
		(*items)++;
		if ((rc = proposal_build(ctx, s->deal, NULL, err)))
			return rc;
		(*proposals)++;
	}
	return 0;
}
