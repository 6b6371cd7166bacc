/* The forecast: expected revenue per close month of the open deals, with
 * each step's fixed probability and with the rate learned from the team's
 * closed deals (a Beta prior of strength REPORT_PRIOR_K centred on the fixed
 * one), and the backtest that reads deal_steps as they stood on a date and
 * scores both against what was actually won. Defined in docs/reports.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/report/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct fmonth {
	char month[8];		/* "YYYY-MM"; "" for deals with no close date */
	int64_t deals, value;
	int64_t fixed_num;	/* sum of value * fixed percent */
	double learned;		/* sum of value * learned rate */
	int64_t actual;		/* backtest: value won in the month */
	int scored;		/* backtest: inside the compared months */
};

struct fc {
	struct report_run *r;
	int64_t *closed, *won;	/* per step of r->steps */
	struct fmonth *m;
	size_t nm, alloc;
	char month0[8];		/* the month of today (or of --at) */
	char first0[DATE_LEN];	/* its first day */
};

static struct fmonth *month_get(struct fc *f, const char *month)
{
	for (size_t i = 0; i < f->nm; i++)
		if (!strcmp(f->m[i].month, month))
			return &f->m[i];
	ALLOC_GROW(f->m, f->nm + 1, f->alloc);
	struct fmonth *m = &f->m[f->nm++];
	memset(m, 0, sizeof(*m));
	snprintf(m->month, sizeof(m->month), "%.7s", month);
	return m;
}

static int month_cmp(const void *a, const void *b)
{
	const struct fmonth *x = a, *y = b;
	if (!x->month[0] || !y->month[0])	/* unscheduled last */
		return !x->month[0] - !y->month[0];
	return strcmp(x->month, y->month);
}

static double learned_rate(const struct fc *f, const struct report_step *s)
{
	size_t i = (size_t)(s - f->r->steps);
	return (100.0 * (double)f->won[i] +
		REPORT_PRIOR_K * (double)s->probability) /
	       (100.0 * ((double)f->closed[i] + REPORT_PRIOR_K));
}

static int run_rows(struct fc *f, struct qb *q,
		    int (*row)(struct fc *f, struct db_stmt *st))
{
	struct db_stmt *st = report_prepare(f->r, q);
	int rc;
	if (!st)
		return f->r->err->code;
	while ((rc = db_step(st)) > 0)
		row(f, st);
	if (rc < 0)
		rc = report_step_error(f->r);
	db_done(st);
	return rc;
}

static int64_t col_int0(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? 0 : db_col_int(st, i);
}

/* (process_id, step, closed, won) */
static int learned_row(struct fc *f, struct db_stmt *st)
{
	const struct report_step *s = report_step_find(f->r, db_col_int(st, 0),
						       db_col_text(st, 1));
	if (s) {
		int64_t *c = &f->closed[s - f->r->steps], *w = &f->won[s - f->r->steps];
		*c = money_add(*c, col_int0(st, 2));
		*w = money_add(*w, col_int0(st, 3));
	}
	return 0;
}

/* (month or NULL, process_id, step, deals, value, won month or NULL,
 * currency, rate day): VALUE converts to the base currency, or the row is
 * listed apart (and *VALUE is left -1). */
static int open_row_value(struct fc *f, struct db_stmt *st, int64_t *out)
{
	const char *month = db_col_text(st, 0);
	int64_t value;
	*out = -1;
	if (!report_convert(f->r, db_col_text(st, 6), db_col_text(st, 7),
			    col_int0(st, 4), col_int0(st, 3), &value))
		return 0;
	*out = value;
	struct fmonth *m = month_get(f, month ? month : "");
	const struct report_step *s = report_step_find(f->r, db_col_int(st, 1),
						       db_col_text(st, 2));
	m->deals = money_add(m->deals, col_int0(st, 3));
	m->value = money_add(m->value, value);
	if (s) {
		m->fixed_num = money_add(m->fixed_num,
					 money_mul(value, s->probability));
		m->learned += (double)value * learned_rate(f, s);
	}
	return 0;
}

static int open_row(struct fc *f, struct db_stmt *st)
{
	int64_t value;
	return open_row_value(f, st, &value);
}

/* The close month of an open deal: its close date's month, the current
 * month when that date has passed, NULL when it has none. */
static void month_expr(struct qb *q, struct fc *f, const char *col)
{
	qb_sql(q, "CASE WHEN %s IS NULL THEN NULL WHEN %s < ? THEN CAST(? AS "
	       "TEXT) ELSE substr(%s, 1, 7) END", col, col, col);
	qb_text(q, f->first0);
	qb_text(q, f->month0);
}

static int forecast_live(struct fc *f)
{
	struct report_run *r = f->r;
	struct qb q;
	int rc;

	qb_init(&q);
	qb_sql(&q, "SELECT fl.process_id, fl.step, SUM(fl.closed), SUM(fl.won) "
	       "FROM report_learn fl WHERE 1 = 1");
	report_deal_scope(&q, r, "fl");
	qb_sql(&q, " GROUP BY fl.process_id, fl.step");
	if ((rc = run_rows(f, &q, learned_row)))
		goto out;

	qb_release(&q);
	qb_init(&q);
	/* the deals rather than the report_open_deals rollup: each amount
	 * converts at its own date (the base currency needs none) */
	qb_sql(&q, "SELECT ");
	month_expr(&q, f, "t.close_date");
	qb_sql(&q, ", t.process_id, t.step, COUNT(*), SUM(t.value_cents), NULL, "
	       "t.currency, CASE WHEN t.currency = ? THEN '' ELSE COALESCE("
	       "t.close_date, '') END FROM deals t WHERE t.status = 'open'");
	qb_text(&q, convert_base(r->cv));
	report_deal_scope(&q, r, "t");
	report_period_day(&q, r, "COALESCE(t.close_date, '')");
	qb_sql(&q, " GROUP BY 1, 2, 3, 7, 8");
	rc = run_rows(f, &q, open_row);
out:
	qb_release(&q);
	return rc;
}

/* (as open_row_value()): the deals open on --at, and what those won
 * afterwards, converted at the same rate. */
static int open_then_row(struct fc *f, struct db_stmt *st)
{
	const char *won = db_col_text(st, 5);
	int64_t value;
	open_row_value(f, st, &value);
	if (won && value >= 0) {
		struct fmonth *wm = month_get(f, won);
		wm->actual = money_add(wm->actual, value);
	}
	return 0;
}

/* History as it stood at the start of --at. Learned rates: the closings
 * open on that day (closed before it, reopened on it or later, if ever),
 * from their rollup. Open deals: the stay of each deal that crosses the
 * day, not entered by winning, from the deal_steps_span index in two
 * ranges (left since, or still open), which a single OR would scan whole;
 * sorted by deal ("+ 0": after the ranges, not instead of them) so that
 * the deals are then read in the order they are stored, about half the
 * cost of reading them at random. */
static int forecast_backtest(struct fc *f)
{
	struct report_run *r = f->r;
	struct qb q;
	int rc;

	qb_init(&q);
	qb_sql(&q, "SELECT rc.process_id, rc.step, SUM(rc.closed), SUM(rc.won) "
	       "FROM report_closings rc WHERE rc.day < ? AND (rc.until_day = '' "
	       "OR rc.until_day >= ?)");
	qb_text(&q, r->at);
	qb_text(&q, r->at);
	report_deal_scope(&q, r, "rc");
	qb_sql(&q, " GROUP BY rc.process_id, rc.step");
	if ((rc = run_rows(f, &q, learned_row)))
		goto out;

	qb_release(&q);
	qb_init(&q);
	qb_sql(&q, "SELECT ");
	month_expr(&q, f, "d.close_date");
	qb_sql(&q, ", d.process_id, ds.step, COUNT(*), SUM(d.value_cents), CASE "
	       "WHEN d.status = 'won' AND d.closed_at >= ? THEN substr("
	       "d.closed_at, 1, 7) END, d.currency, CASE WHEN d.currency = ? "
	       "THEN '' ELSE ");
	qb_text(&q, r->at);
	qb_text(&q, convert_base(r->cv));
	report_rate_day(&q, "d");
	qb_sql(&q, " END FROM (SELECT deal_id, step FROM (SELECT "
	       "deal_id, step FROM deal_steps WHERE org_id = ? AND left_at >= ? "
	       "AND entered_at < ? AND entered_by <> 'won' UNION ALL SELECT "
	       "deal_id, step FROM deal_steps WHERE org_id = ? AND left_at IS "
	       "NULL AND entered_at < ? AND entered_by <> 'won') u ORDER BY "
	       "deal_id + 0) ds JOIN deals d ON d.org_id = ? AND d.id = "
	       "ds.deal_id WHERE d.created_at < ?");
	for (int i = 0; i < 2; i++) {	/* left on or after --at, or not yet */
		qb_int(&q, r->ctx->org_id);
		if (!i)
			qb_text(&q, r->at);
		qb_text(&q, r->at);
	}
	qb_int(&q, r->ctx->org_id);
	qb_text(&q, r->at);
	report_deal_scope(&q, r, "d");
	report_period(&q, r, "d.close_date");
	qb_sql(&q, " GROUP BY 1, 2, 3, 6, 7, 8");
	rc = run_rows(f, &q, open_then_row);
out:
	qb_release(&q);
	return rc;
}

/* "YYYY-MM" to the month after it. */
static void month_next(char m[8])
{
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 +
		(m[3] - '0');
	int mo = (m[5] - '0') * 10 + (m[6] - '0') + 1;
	if (mo > 12) {
		mo = 1;
		y++;
	}
	snprintf(m, 8, "%04d-%02d", (y % 10000 + 10000) % 10000,
		 (mo % 100 + 100) % 100);
}

/* Marks every month from --at's to today's as scored, adding those with
 * nothing forecast and nothing won, which count as exact months. */
static void backtest_months(struct fc *f)
{
	char m[8], last[8];
	snprintf(m, sizeof(m), "%.7s", f->month0);
	snprintf(last, sizeof(last), "%.7s", f->r->today);
	for (int guard = 0; strcmp(m, last) <= 0 && guard < 12 * 200; guard++) {
		month_get(f, m)->scored = 1;
		month_next(m);
	}
}

static json_t *probabilities_json(struct fc *f)
{
	json_t *a = json_array();
	for (size_t i = 0; i < f->r->nsteps; i++) {
		const struct report_step *s = &f->r->steps[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:f, s:I, s:I, "
			"s:f}", "process", s->process, "step", s->key,
			"position", (json_int_t)s->position,
			"fixed", (double)s->probability / 100.0,
			"closed", (json_int_t)f->closed[i],
			"won", (json_int_t)f->won[i],
			"learned", learned_rate(f, s)));
	}
	return a;
}

int report_forecast(struct report_run *r, json_t *rep)
{
	struct fc f = { .r = r };
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	int64_t deals = 0, value = 0, efix = 0, elearn = 0, actual = 0;
	int64_t abs_fix = 0, abs_learn = 0, err_fix = 0, err_learn = 0, nscored = 0;
	int bt = r->o->backtest;
	int rc;

	f.closed = xcalloc(r->nsteps + 1, sizeof(*f.closed));
	f.won = xcalloc(r->nsteps + 1, sizeof(*f.won));
	snprintf(f.month0, sizeof(f.month0), "%.7s", bt ? r->at : r->today);
	snprintf(f.first0, sizeof(f.first0), "%.7s-01", f.month0);
	if ((rc = bt ? forecast_backtest(&f) : forecast_live(&f)))
		goto out;
	if (bt)
		backtest_months(&f);
	if (f.nm)
		qsort(f.m, f.nm, sizeof(*f.m), month_cmp);

	for (size_t i = 0; i < f.nm; i++) {
		struct fmonth *m = &f.m[i];
		int64_t fix = report_div_round(m->fixed_num, 100);
		/* a double beyond int64_t has no integer: saturate */
		int64_t learn = m->learned >= 9.2e18 ? INT64_MAX :
				(int64_t)llround(m->learned);
		json_t *row = json_object();
		json_object_set_new(row, "month", m->month[0] ?
				    json_string(m->month) : json_null());
		json_object_set_new(row, "deals", json_integer(m->deals));
		json_object_set_new(row, "value_minor", json_integer(m->value));
		json_object_set_new(row, "expected_fixed_minor", json_integer(fix));
		json_object_set_new(row, "expected_learned_minor",
				    json_integer(learn));
		deals = money_add(deals, m->deals);
		value = money_add(value, m->value);
		efix = money_add(efix, fix);
		elearn = money_add(elearn, learn);
		if (bt) {
			int sc = m->scored && m->month[0];
			json_object_set_new(row, "actual_won_minor", sc ?
					    json_integer(m->actual) : json_null());
			json_object_set_new(row, "error_fixed_minor", sc ?
					    json_integer(money_add(fix, -m->actual)) : json_null());
			json_object_set_new(row, "error_learned_minor", sc ?
					    json_integer(money_add(learn, -m->actual)) :
					    json_null());
			if (sc) {
				nscored++;
				int64_t ef = money_add(fix, -m->actual);
				int64_t el = money_add(learn, -m->actual);
				actual = money_add(actual, m->actual);
				err_fix = money_add(err_fix, ef);
				err_learn = money_add(err_learn, el);
				abs_fix = money_add(abs_fix, ef < 0 ? -ef : ef);
				abs_learn = money_add(abs_learn, el < 0 ? -el : el);
			}
		}
		json_array_append_new(rows, row);
	}
	json_object_set_new(t, "deals", json_integer(deals));
	json_object_set_new(t, "value_minor", json_integer(value));
	json_object_set_new(t, "expected_fixed_minor", json_integer(efix));
	json_object_set_new(t, "expected_learned_minor", json_integer(elearn));
	if (bt) {
		json_object_set_new(t, "months_compared", json_integer(nscored));
		json_object_set_new(t, "actual_won_minor", json_integer(actual));
		json_object_set_new(t, "mae_fixed_minor", nscored ?
			json_integer(report_div_round(abs_fix, nscored)) : json_null());
		json_object_set_new(t, "mae_learned_minor", nscored ?
			json_integer(report_div_round(abs_learn, nscored)) : json_null());
		json_object_set_new(t, "total_error_fixed_minor", json_integer(err_fix));
		json_object_set_new(t, "total_error_learned_minor",
				    json_integer(err_learn));
	}
	json_object_set_new(rep, "probabilities", probabilities_json(&f));
	rc = 0;
out:
	free(f.closed);
	free(f.won);
	free(f.m);
	return rc;
}
