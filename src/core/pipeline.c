/* Open deals per step; see pipeline.h. One grouped query over the deals'
 * (org, status, process, step) index, by currency and rate date, converted
 * to the base currency (core/convert.h). */
#include <stdio.h>
#include <stdlib.h>

#include "core/convert.h"
#include "core/money.h"
#include "core/pipeline.h"
#include "core/process.h"
#include "core/query.h"
#include "core/record.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int pipeline_build(struct fc_ctx *ctx, const char *process_key, json_t **out,
		   struct fc_error *err)
{
	struct process *p = NULL;
	struct qb q;
	json_t *rows = NULL;
	struct convert *cv = NULL;
	int rc = process_key ? process_load_by_key(ctx, process_key, &p, err)
			     : process_load(ctx, 0, &p, err);
	if (rc)
		return rc;
	if ((rc = convert_load(ctx, &cv, err)))
		goto out;
	qb_init(&q);
	qb_sql(&q, "SELECT t.step, t.currency, CASE WHEN t.currency = ? THEN '' "
	       "ELSE COALESCE(t.close_date, '') END, COUNT(*), "
	       "COALESCE(SUM(t.value_cents), 0) FROM deals t WHERE t.org_id = ? "
	       "AND t.status = 'open' AND t.process_id = ?");
	qb_text(&q, convert_base(cv));
	qb_int(&q, ctx->org_id);
	qb_int(&q, p->id);
	qb_owner_visible(&q, ctx, "t", "deal");
	qb_sql(&q, " GROUP BY 1, 2, 3");
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	if (!st) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	int64_t *cnt = xcalloc((size_t)p->nsteps + 1, sizeof(*cnt));
	int64_t *val = xcalloc((size_t)p->nsteps + 1, sizeof(*val));
	while ((rc = db_step(st)) > 0) {
		const struct step *s = process_step(p, db_col_text(st, 0));
		int64_t base;
		/* converted, or listed apart by the conversion */
		if (!convert_amount(cv, db_col_text(st, 1), db_col_text(st, 2),
				    db_col_int(st, 4), db_col_int(st, 3), &base) || !s)
			continue;
		cnt[s->position] = money_add(cnt[s->position], db_col_int(st, 3));
		val[s->position] = money_add(val[s->position], base);
	}
	rows = json_array();
	const char *base = convert_base(cv);
	for (int i = 0; i < p->nsteps; i++) {
		int64_t weighted = money_mul(val[i], p->steps[i].probability) / 100;
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i, s:I, "
			"s:o, s:I, s:o, s:I, s:s}", "step", p->steps[i].key,
			"name", p->steps[i].name,
			"phase", phase_key(p->steps[i].phase),
			"probability", p->steps[i].probability,
			"deals", (json_int_t)cnt[i],
			"value", money_json(val[i], base),
			"value_minor", (json_int_t)val[i],
			"weighted_value", money_json(weighted, base),
			"weighted_minor", (json_int_t)weighted,
			"currency", base));
	}
	free(cnt);
	free(val);
	/* then one row per currency without a rate, in that currency */
	json_t *conv = json_object();
	convert_report(cv, conv);
	size_t k;
	json_t *a;
	json_array_foreach(json_object_get(conv, "unconverted"), k, a) {
		char name[64];
		snprintf(name, sizeof(name), "not converted: no %s rate",
			 json_string_value(json_object_get(a, "currency")));
		const char *cur = json_string_value(json_object_get(a, "currency"));
		json_array_append_new(rows, json_pack("{s:n, s:s, s:n, s:n, s:O, "
			"s:o, s:O, s:n, s:n, s:O}", "step", "name", name, "phase",
			"probability", "deals", json_object_get(a, "deals"),
			"value", money_json(json_integer_value(
				json_object_get(a, "value_minor")), cur),
			"value_minor", json_object_get(a, "value_minor"),
			"weighted_value", "weighted_minor", "currency",
			json_object_get(a, "currency")));
	}
	json_decref(conv);
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
	convert_free(cv);
	process_free(p);
	return rc;
}
