/* Open deals per step; see pipeline.h. One grouped query over the deals'
 * (org, status, process, step) index. */
#include "core/pipeline.h"
#include "core/process.h"
#include "core/query.h"
#include "core/record.h"
#include "util/banned.h"

int pipeline_build(struct fc_ctx *ctx, const char *process_key, json_t **out,
		   struct fc_error *err)
{
	struct process *p = NULL;
	struct qb q;
	json_t *rows = NULL;
	int rc = process_key ? process_load_by_key(ctx, process_key, &p, err)
			     : process_load(ctx, 0, &p, err);
	if (rc)
		return rc;
	qb_init(&q);
	qb_sql(&q, "SELECT t.step, COUNT(*), COALESCE(SUM(t.value_cents), 0) FROM "
	       "deals t WHERE t.org_id = ? AND t.status = 'open' AND t.process_id = ?");
	qb_int(&q, ctx->org_id);
	qb_int(&q, p->id);
	qb_owner_visible(&q, ctx, "t", "deal");
	qb_sql(&q, " GROUP BY t.step");
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rows = json_array();
	for (int i = 0; i < p->nsteps; i++)
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i}",
			"step", p->steps[i].key, "name", p->steps[i].name,
			"phase", phase_key(p->steps[i].phase),
			"probability", p->steps[i].probability, "deals", 0,
			"value", 0, "weighted_value", 0));
	while ((rc = db_step(st)) > 0) {
		const struct step *s = process_step(p, db_col_text(st, 0));
		if (!s)
			continue;
		int64_t cents = db_col_int(st, 2);
		json_t *row = json_array_get(rows, (size_t)s->position);
		json_object_set_new(row, "deals", json_integer(db_col_int(st, 1)));
		json_object_set_new(row, "value", money_json(cents));
		json_object_set_new(row, "weighted_value",
				    money_json(money_mul(cents, s->probability) / 100));
	}
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		json_decref(rows);
		goto out;
	}
	rc = 0;
	*out = rows;
out:
	qb_release(&q);
	process_free(p);
	return rc;
}
