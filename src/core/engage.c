/* Disqualifying a contact of the engage list; see engage.h. */
#include <inttypes.h>
#include <string.h>

#include "core/deal.h"
#include "core/engage.h"
#include "core/history.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

const char *const engage_disqualify_reasons[] = { "wrong_person", "no_need",
	"wrong_timing", "no_fit", NULL };
const char engage_disqualify_reason_list[] = "wrong_person|no_need|"
	"wrong_timing|no_fit";

int disqualify_reason_check(const char *reason, struct fc_error *err)
{
	for (int i = 0; reason && engage_disqualify_reasons[i]; i++)
		if (!strcmp(reason, engage_disqualify_reasons[i]))
			return 0;
	return fc_fail(err, FC_EINVAL, "reason", "'reason' must be one of "
		       "wrong_person, no_need, wrong_timing, no_fit");
}

int contact_disqualify(struct fc_ctx *ctx, int64_t id, const char *reason,
		       const char *note, struct fc_error *err)
{
	char now[TIME_LEN];
	int64_t deals = 0;
	int rc;
	if ((rc = disqualify_reason_check(reason, err)))
		return rc;
	if ((rc = deal_reason_check(note, err)))
		return rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_contact, id, 1, err)))
		goto out;
	if (db_query_int(ctx->db, &deals, "SELECT COUNT(*) FROM deals WHERE "
			 "org_id = ? AND contact_id = ?", "ii", ctx->org_id, id)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (deals) {
		rc = fc_fail(err, FC_ECONFLICT, NULL, "contact %" PRId64 " has a deal: "
			     "lose or disqualify the deal instead", id);
		goto out;
	}
	if (db_run(ctx->db, "UPDATE contacts SET disqualified_reason = ?, "
		   "disqualified_at = ?, updated_at = ?, version = version + 1 "
		   "WHERE org_id = ? AND id = ? AND disqualified_at IS NULL", "sssii",
		   reason, now, now, ctx->org_id, id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (db_changes(ctx->db) == 0) {
		rc = fc_fail(err, FC_ECONFLICT, NULL, "contact %" PRId64 " is already "
			     "disqualified", id);
		goto out;
	}
	json_t *data = note && *note ? json_pack("{s:s}", "note", note) : NULL;
	struct history_event ev = { .entity = "contact", .entity_id = id,
				    .action = "disqualified", .reason = reason,
				    .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
out:
	return ctx_tx_end(ctx, rc, err);
}
