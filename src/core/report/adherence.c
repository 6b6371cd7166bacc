/* report adherence: does the process pay? The deals closed (won or lost)
 * in the period, split by whether they followed the process (no broken
 * habit of habits.c in their history), with each side's win rate, its
 * Wilson interval and the median cycle time; overall and per step, where a
 * deal counts for a step it entered and followed it there when no broken
 * habit falls in that step. docs/reports.md defines every number. */
#include <stdio.h>
#include <string.h>

#include "core/report/internal.h"
#include "util/banned.h"

/* The deals in view closed in the period (cd), the broken habits of each
 * and the step each fell in (viol), and per group (process or 0 for all,
 * step or '' for all, followed 1/0) the deals, the won ones and the
 * nearest-rank median and quartiles of their cycle days. */
static void adherence_query(struct qb *q, struct report_run *r)
{
	char created[160], closed[160];
	const char *daynum = db_sql_daynum(r->ctx->db);
	snprintf(created, sizeof(created), daynum, "d.created_at");
	snprintf(closed, sizeof(closed), daynum, "d.closed_at");

	qb_sql(q, "WITH cd AS MATERIALIZED (SELECT d.org_id AS org_id, d.id AS "
	       "id, d.process_id AS process_id, d.status AS status, d.closed_at AS "
	       "closed_at, %s - %s AS days FROM deals d WHERE d.status IN ('won', "
	       "'lost')", closed, created);
	report_deal_scope(q, r, "d");
	report_period_day(q, r, "COALESCE(substr(d.closed_at, 1, 10), '')");
	/* 1. a talk that ended in neither an agreement nor an honest none */
	qb_sql(q, "), viol AS (SELECT i.deal_id AS deal_id, i.step AS step FROM "
	       "interactions i JOIN cd ON i.org_id = cd.org_id AND i.deal_id = "
	       "cd.id WHERE i.at <= cd.closed_at AND NOT ");
	report_talk_kept(q, "i");
	/* 2. a forced move, in the step it left */
	qb_sql(q, " UNION ALL SELECT e.entity_id, e.from_step FROM events e JOIN "
	       "cd ON e.org_id = cd.org_id AND e.entity = 'deal' AND e.entity_id "
	       "= cd.id WHERE ");
	report_forced_event(q, "e");
	/* 3. a present step entered before any want */
	qb_sql(q, " UNION ALL SELECT s.deal_id, s.step FROM deal_steps s JOIN cd "
	       "ON s.org_id = cd.org_id AND s.deal_id = cd.id JOIN steps st ON "
	       "st.org_id = s.org_id AND st.process_id = s.process_id AND st.key = "
	       "s.step WHERE st.phase = 'present' AND s.entered_by IN ('advance', "
	       "'force') AND NOT ");
	report_wants_first(q, "s");
	/* 4. a next step done with none to follow, in the step of that time */
	qb_sql(q, " UNION ALL SELECT n.deal_id, ds.step FROM next_steps n JOIN cd "
	       "ON n.org_id = cd.org_id AND n.deal_id = cd.id JOIN deal_steps ds ON "
	       "ds.org_id = n.org_id AND ds.deal_id = n.deal_id AND ds.entered_at "
	       "<= n.done_at AND (ds.left_at IS NULL OR ds.left_at > n.done_at) "
	       "WHERE n.done_at < cd.closed_at AND ");
	report_next_gap(q, "n");
	qb_sql(q, "), g AS (SELECT 0 AS pid, '' AS step, cd.status AS status, "
	       "cd.days AS days, CASE WHEN EXISTS (SELECT 1 FROM viol v WHERE "
	       "v.deal_id = cd.id) THEN 0 ELSE 1 END AS followed FROM cd UNION ALL "
	       "SELECT cd.process_id, en.step, cd.status, cd.days, CASE WHEN "
	       "EXISTS (SELECT 1 FROM viol v WHERE v.deal_id = cd.id AND v.step = "
	       "en.step) THEN 0 ELSE 1 END FROM cd JOIN (SELECT DISTINCT s.org_id "
	       "AS org_id, s.deal_id AS deal_id, s.step AS step FROM deal_steps s "
	       "JOIN cd c2 ON s.org_id = c2.org_id AND s.deal_id = c2.id WHERE "
	       "s.entered_by <> 'back') en ON en.org_id = cd.org_id AND "
	       "en.deal_id = cd.id), rk AS (SELECT pid, step, followed, status, "
	       "days, ROW_NUMBER() OVER (PARTITION BY pid, step, followed ORDER BY "
	       "days) AS rn, COUNT(*) OVER (PARTITION BY pid, step, followed) AS n "
	       "FROM g) SELECT pid, step, followed, MAX(n), SUM(CASE WHEN status = "
	       "'won' THEN 1 ELSE 0 END), MIN(CASE WHEN rn * 100 >= 50 * n THEN "
	       "days END), MIN(CASE WHEN rn * 100 >= 25 * n THEN days END), "
	       "MIN(CASE WHEN rn * 100 >= 75 * n THEN days END) FROM rk GROUP BY "
	       "pid, step, followed");
}

struct side {
	int64_t deals, won, median, p25, p75;
};

static int64_t col0(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? 0 : db_col_int(st, i);
}

static json_t *side_row(json_t *row, int followed, const struct side *s)
{
	json_object_set_new(row, "followed", json_boolean(followed));
	json_object_set_new(row, "deals", json_integer(s->deals));
	json_object_set_new(row, "won", json_integer(s->won));
	json_object_set_new(row, "lost", json_integer(s->deals - s->won));
	json_object_set_new(row, "win_rate", report_rate(s->won, s->deals));
	report_wilson(s->won, s->deals, row, "win_rate_low", "win_rate_high");
	json_object_set_new(row, "median_days", s->deals ?
			    json_integer(s->median) : json_null());
	json_object_set_new(row, "p25_days", s->deals ?
			    json_integer(s->p25) : json_null());
	json_object_set_new(row, "p75_days", s->deals ?
			    json_integer(s->p75) : json_null());
	json_object_set_new(row, "small", json_boolean(s->deals < REPORT_SMALL_N));
	return row;
}

int report_adherence(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st;
	size_t n = r->nsteps;
	struct side (*v)[2] = calloc(n + 1, sizeof(*v));	/* n: overall */
	json_t *rows = json_object_get(rep, "rows");
	json_t *overall = json_array();
	int rc;

	if (!v)
		return fc_fail(r->err, FC_ESTORE, NULL, "out of memory");
	json_object_set_new(rep, "overall", overall);
	qb_init(&q);
	adherence_query(&q, r);
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t pid = col0(st, 0);
		const char *step = db_col_text(st, 1);
		size_t i = n;
		if (pid) {
			const struct report_step *s = report_step_find(r, pid,
								       step ? step : "");
			if (!s)
				continue;
			i = (size_t)(s - r->steps);
		}
		struct side *sd = &v[i][col0(st, 2) ? 1 : 0];
		sd->deals = col0(st, 3);
		sd->won = col0(st, 4);
		sd->median = col0(st, 5);
		sd->p25 = col0(st, 6);
		sd->p75 = col0(st, 7);
	}
	db_done(st);
	if (rc < 0) {
		rc = report_step_error(r);
		goto out;
	}
	for (int f = 1; f >= 0; f--)
		json_array_append_new(overall, side_row(json_object(), f, &v[n][f]));
	for (size_t i = 0; i < n; i++) {
		const struct report_step *s = &r->steps[i];
		if (!strcmp(s->phase, "follow_up"))
			continue;
		for (int f = 1; f >= 0; f--) {
			json_t *row = json_pack("{s:s, s:s, s:s}", "process",
						s->process, "step", s->key, "name",
						s->name);
			json_array_append_new(rows, side_row(row, f, &v[i][f]));
		}
	}
	json_t *t = json_object_get(rep, "totals");
	int64_t deals = v[n][0].deals + v[n][1].deals;
	json_object_set_new(t, "deals", json_integer(deals));
	json_object_set_new(t, "followed", json_integer(v[n][1].deals));
	json_object_set_new(t, "followed_share", report_rate(v[n][1].deals, deals));
	json_object_set_new(t, "followed_win_rate",
			    report_rate(v[n][1].won, v[n][1].deals));
	json_object_set_new(t, "other_win_rate",
			    report_rate(v[n][0].won, v[n][0].deals));
	rc = 0;
out:
	free(v);
	qb_release(&q);
	return rc;
}
