/* What the customer wants (the fulcrum, R3); see want.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/history.h"
#include "core/record.h"
#include "core/want.h"
#include "util/date.h"
#include "util/banned.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int want_add(struct fc_ctx *ctx, json_t *in, int64_t *id, struct fc_error *err)
{
	int rc;
	int64_t deal_id = jint(in, "deal_id");
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a want must be a JSON object");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (deal_id && (rc = record_check_access(ctx, &entity_deal, deal_id, 1, err))) {
		if (rc == FC_ENOTFOUND && err) {
			err->code = rc = FC_EINVAL;
			snprintf(err->field, sizeof(err->field), "deal_id");
		}
		goto out;
	}
	rc = record_create(ctx, &entity_want, in, NULL, id, err);
out:
	return ctx_tx_end(ctx, rc, err);
}
