/* Duplicates as decisions: a row that carries the other CRM's id of a
 * record not imported before is a record of its own there, so it is one
 * here too, even when it shares an e-mail, a phone or a name with one we
 * hold (sandboxes mask every address to one; shared mailboxes). It is
 * created and, when the duplicate guard (../duplicate.h) finds it likely
 * the same as another, flagged: `fulcrum duplicates` lists the pair for
 * the merge tool, and the import says why on the row's line. */
#include <string.h>

#include "core/duplicate.h"
#include "core/import/internal.h"
#include "store/db.h"
#include "util/banned.h"

int import_key_of_record(struct fc_ctx *ctx, const char *entity,
			 const char *also, int64_t id, int *has,
			 struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT 1 FROM import_keys "
		"WHERE org_id = ? AND entity IN (?, ?) AND id = ? LIMIT 1");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "issi", ctx->org_id, entity, also ? also : entity, id);
	int r = db_step(st);
	db_done(st);
	if (r < 0)
		return db_error(ctx->db, err);
	*has = r > 0;
	return 0;
}

int import_create_distinct(struct fc_ctx *ctx, const struct entity *e,
			   json_t *in, json_t *extra, int64_t *id,
			   int *flagged, char *why, size_t whysize,
			   struct fc_error *err)
{
	json_t *again = json_deep_copy(in);	/* the guard takes its flag out */
	int rc = record_create(ctx, e, in, extra, id, err);
	*flagged = 0;
	if (rc == FC_ECONFLICT && !strcmp(err->rule, DUPLICATE_RULE)) {
		/* refused before it wrote anything: the evidence is the why,
		 * without the refusal's "refused (duplicate): " and its advice */
		const char *m = err->message, *p = strstr(m, "): ");
		if (!strncmp(m, "refused (", 9) && p)
			m = p + 3;
		size_t n = strcspn(m, ";");
		snprintf(why, whysize, "%.*s; imported as a record of its own "
			 "(its id there is its own), listed by 'fulcrum duplicates'",
			 (int)n, m);
		fc_error_clear(err);
		json_object_set_new(again, DUPLICATE_ALLOW_FIELD, json_true());
		rc = record_create(ctx, e, again, extra, id, err);
		*flagged = !rc;
	}
	json_decref(again);
	return rc;
}
