/* How an offering gives the customer a want (R3); see fit.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/fit.h"
#include "core/history.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int fit_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err)
{
	int rc;
	int64_t want_id = jint(in, "want_id"), deal_id = 0;
	json_t *extra = NULL;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a fit must be a JSON object");
	if (!want_id)
		return fc_refuse(err, "fulcrum", "a fit needs a recorded want: find out "
				 "what they want first");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (record_check_access(ctx, &entity_want, want_id, 1, NULL)) {
		rc = fc_refuse(err, "fulcrum", "a fit needs a recorded want, and there "
			       "is no want %" PRId64, want_id);
		goto out;
	}
	if ((rc = db_query_int(ctx->db, &deal_id, "SELECT deal_id FROM wants WHERE "
			       "org_id = ? AND id = ?", "ii", ctx->org_id, want_id))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* a deactivated offering is no longer sold: no new fit names it */
	int64_t active = 1;
	if (json_is_integer(json_object_get(in, "offering_id")) &&
	    db_query_int(ctx->db, &active, "SELECT active FROM offerings WHERE "
			 "org_id = ? AND id = ?", "ii", ctx->org_id,
			 jint(in, "offering_id")) == 0 && !active) {
		rc = fc_fail(err, FC_EINVAL, "offering_id", "offering %" PRId64 " is "
			     "deactivated: it takes no new fit", jint(in, "offering_id"));
		goto out;
	}
	extra = json_pack("{s:I}", "deal_id", (json_int_t)deal_id);
	rc = record_create(ctx, &entity_fit, in, extra, id, err);
out:
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}
