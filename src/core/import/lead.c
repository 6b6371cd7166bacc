/* Leads of another CRM (`fulcrum import leads`): each is a contact, with
 * the lead's status there kept (lead_status) and, while the lead is open,
 * a need and a timing window that opens when the lead was created, so it
 * stands at the engage step of its owner's agenda (core/agenda.c's engage
 * list) until someone engages or disqualifies them. What a lead (or a
 * contact row) says of its company fills its account where it is empty. */
#include <stdio.h>
#include <string.h>

#include "core/import/internal.h"
#include "core/duplicate.h"
#include "core/import/picklist.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/banned.h"

#define LEAD_STATUS_MAX 50	/* bytes of contacts' lead_status */

void import_lead_fields(json_t *in, json_t **extra, const char *status,
			const char *source_label, const char *created,
			const char *today)
{
	if (!*extra)
		*extra = json_object();
	if (status)
		json_object_set_new(*extra, "lead_status", json_stringn(status,
			picklist_cut(status, LEAD_STATUS_MAX)));
	if (!in || picklist_lead_closed(status) || json_object_get(in, "need"))
		return;
	struct buf need = BUF_INIT;
	buf_adds(&need, "not yet known (an imported lead");
	if (status)
		buf_addf(&need, ", %.50s", status);
	if (source_label)
		buf_addf(&need, ", from %.100s", source_label);
	buf_adds(&need, ")");
	json_object_set_new(in, "need", json_string(need.s));
	buf_release(&need);
	if (!json_object_get(in, "timing_from"))
		json_object_set_new(in, "timing_from", json_string(created && *created
								   ? created : today));
}

int import_account_fill(struct fc_ctx *ctx, int64_t account,
			const char *domain, const char *industry,
			const char *size, struct fc_error *err)
{
	const char *vals[] = { domain, industry, size };
	static const char *const names[] = { "domain", "industry", "size" };
	if (!domain && !industry && !size)
		return 0;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT domain, industry, size "
					"FROM accounts WHERE org_id = ? AND id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, account);
	json_t *patch = json_object();
	int r = db_step(st);
	for (int i = 0; r > 0 && i < 3; i++)
		if (vals[i] && (db_col_is_null(st, i) || !*db_col_text(st, i)))
			json_object_set_new(patch, names[i], json_string(vals[i]));
	db_done(st);
	int rc = r < 0 ? db_error(ctx->db, err) : 0;
	if (!rc && json_object_size(patch)) {
		/* a domain another account has is a pair to merge, not a reason
		 * to lose the row: the duplicates list shows it */
		json_object_set_new(patch, DUPLICATE_ALLOW_FIELD, json_true());
		rc = record_update(ctx, &entity_account, account, patch, NULL, 0, err);
	}
	json_decref(patch);
	return rc;
}
