/* The demo's line items and proposals: once every deal is written (by
 * either path), the first open deals presenting or asking for agreement
 * with fits get a line for each offering that fits them and a proposal
 * built from it all, through the core services and as their owner, so
 * that both paths end the same and the demo shows step 4 in full. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/demo/internal.h"
#include "core/line-item.h"
#include "core/proposal.h"
#include "util/banned.h"

/* How many deals get them: enough to show, whatever the demo's size. */
#define DEMO_PROPOSALS 12

struct showcase {
	int64_t deal;
	char owner[256];
};

static int pick(struct fc_ctx *ctx, struct showcase *out, int *n,
		struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT d.id, u.email FROM deals d "
		"JOIN steps s ON s.org_id = d.org_id AND s.process_id = d.process_id "
		"AND s.key = d.step JOIN users u ON u.org_id = d.org_id AND u.id = "
		"d.owner_id WHERE d.org_id = ? AND d.status = 'open' AND s.phase IN "
		"('present', 'agree') AND EXISTS (SELECT 1 FROM fits f WHERE "
		"f.org_id = d.org_id AND f.deal_id = d.id) ORDER BY d.id LIMIT ?");
	int rc;
	*n = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, (int64_t)DEMO_PROPOSALS);
	while ((rc = db_step(st)) > 0 && *n < DEMO_PROPOSALS) {
		out[*n].deal = db_col_int(st, 0);
		snprintf(out[*n].owner, sizeof(out[*n].owner), "%s", db_col_text(st, 1));
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* The offerings that fit DEAL and are priced in its currency, in ID order. */
static int offerings_of(struct fc_ctx *ctx, int64_t deal, int64_t *ids, int *n,
			int max, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT DISTINCT o.id FROM fits f "
		"JOIN offerings o ON o.org_id = f.org_id AND o.id = f.offering_id "
		"JOIN deals d ON d.org_id = f.org_id AND d.id = f.deal_id WHERE "
		"f.org_id = ? AND f.deal_id = ? AND o.price_cents IS NOT NULL AND "
		"o.currency = d.currency ORDER BY o.id");
	int rc;
	*n = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, deal);
	while ((rc = db_step(st)) > 0 && *n < max)
		ids[(*n)++] = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int demo_proposals(struct fc_ctx *ctx, int64_t *items, int64_t *proposals,
		   struct fc_error *err)
{
	struct showcase deals[DEMO_PROPOSALS];
	int n, rc;
	if ((rc = pick(ctx, deals, &n, err)))
		return rc;
	for (int i = 0; i < n; i++) {
		int64_t offs[8], d = deals[i].deal;
		int noffs;
		if ((rc = ctx_act_as(ctx, deals[i].owner, err)) ||
		    (rc = offerings_of(ctx, d, offs, &noffs, 8, err)))
			return rc;
		for (int k = 0; k < noffs; k++) {
			/* a few seats of the first, one of the rest; a
			 * discount now and then */
			json_t *in = json_pack("{s:I, s:I, s:I, s:I}", "deal_id",
					       (json_int_t)d, "offering_id",
					       (json_int_t)offs[k], "quantity",
					       (json_int_t)(k ? 1 : 1 + d % 4), "discount",
					       (json_int_t)(d % 3 ? 0 : 10));
			rc = line_item_add(ctx, in, NULL, err);
			json_decref(in);
			if (rc)
				return rc;
			(*items)++;
		}
		if ((rc = proposal_build(ctx, d, NULL, err)))
			return rc;
		(*proposals)++;
	}
	return 0;
}
