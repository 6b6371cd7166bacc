/* The reports of SPEC.md §4 but the forecast (forecast.c): scope and
 * period filters, the steps in view, and one function per report, each a
 * few GROUP BY queries whose small results are shaped into JSON here.
 * docs/reports.md defines every number; keep the two in step. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/process.h"
#include "core/promise.h"
#include "core/report/internal.h"
#include "core/user.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* ---- shared pieces ---- */

/* " AND ALIAS.owner_id ..." for the acting user's owners (a rep: self; a
 * manager: the team and self; an admin: everyone), then --owner, --team. */
static void owner_scope(struct qb *q, struct report_run *r, const char *alias)
{
	const struct fc_actor *u = &r->ctx->user;
	if (u->role == ROLE_REP || (u->role == ROLE_MANAGER && !u->team[0])) {
		qb_sql(q, " AND %s.owner_id = ?", alias);
		qb_int(q, u->id);
	} else if (u->role == ROLE_MANAGER) {
		qb_sql(q, " AND %s.owner_id IN (SELECT tu.id FROM users tu WHERE "
		       "tu.org_id = ? AND (tu.team = ? OR tu.id = ?))", alias);
		qb_int(q, r->ctx->org_id);
		qb_text(q, u->team);
		qb_int(q, u->id);
	}
	if (r->o->owner_id) {
		qb_sql(q, " AND %s.owner_id = ?", alias);
		qb_int(q, r->o->owner_id);
	}
	if (r->o->team) {
		qb_sql(q, " AND %s.owner_id IN (SELECT tu2.id FROM users tu2 "
		       "WHERE tu2.org_id = ? AND tu2.team = ?)", alias);
		qb_int(q, r->ctx->org_id);
		qb_text(q, r->o->team);
	}
}

void report_owner_scope(struct qb *q, struct report_run *r, const char *alias)
{
	owner_scope(q, r, alias);
}

void report_deal_scope(struct qb *q, struct report_run *r, const char *alias)
{
	qb_sql(q, " AND %s.org_id = ?", alias);
	qb_int(q, r->ctx->org_id);
	owner_scope(q, r, alias);
	if (r->process_id) {
		qb_sql(q, " AND %s.process_id = ?", alias);
		qb_int(q, r->process_id);
	}
}

void report_period(struct qb *q, struct report_run *r, const char *col)
{
	if (r->from[0]) {
		qb_sql(q, " AND %s >= ?", col);
		qb_text(q, r->from);
	}
	if (r->to_next[0]) {
		qb_sql(q, " AND %s < ?", col);
		qb_text(q, r->to_next);
	}
}

void report_period_day(struct qb *q, struct report_run *r, const char *col)
{
	report_period(q, r, col);
	if (r->from[0] || r->to_next[0])
		qb_sql(q, " AND %s <> ''", col);
}

/* The same day is kept per deal in sql/043-report-money.sql. */
void report_rate_day(struct qb *q, const char *alias)
{
	qb_sql(q, "COALESCE(CASE WHEN %s.status = 'open' THEN NULL ELSE substr("
	       "%s.closed_at, 1, 10) END, %s.close_date, '')", alias, alias, alias);
}

int report_convert(struct report_run *r, const char *currency, const char *day,
		   int64_t minor, int64_t count, int64_t *out)
{
	return convert_amount(r->cv, currency, day, minor, count, out);
}

struct db_stmt *report_prepare(struct report_run *r, struct qb *q)
{
	struct db_stmt *st = qb_prepare(q, r->ctx->db);
	if (!st)
		db_error(r->ctx->db, r->err);
	return st;
}

int report_step_error(struct report_run *r)
{
	return db_error(r->ctx->db, r->err);
}

json_t *report_rate(int64_t num, int64_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

int64_t report_div_round(int64_t num, int64_t den)
{
	if (den < 0) {
		num = -num;
		den = -den;
	}
	return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

static int64_t col_int0(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? 0 : db_col_int(st, i);
}

const struct report_step *report_step_find(const struct report_run *r,
					   int64_t process_id, const char *key)
{
	for (size_t i = 0; i < r->nsteps; i++)
		if (r->steps[i].process_id == process_id &&
		    !strcmp(r->steps[i].key, key))
			return &r->steps[i];
	return NULL;
}

static void copy_col(char *dst, size_t size, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	snprintf(dst, size, "%s", s ? s : "");
}

/* The steps of the processes in view, by process key then position; small
 * (a few dozen), so it is held in memory. */
static int steps_load(struct report_run *r)
{
	struct qb q;
	struct db_stmt *st = NULL;
	size_t alloc = 0;
	int rc = 0;

	qb_init(&q);
	qb_sql(&q, "SELECT p.id, p.key, s.key, s.name, s.phase, s.position, "
	       "s.probability FROM steps s JOIN processes p ON p.org_id = "
	       "s.org_id AND p.id = s.process_id WHERE s.org_id = ?");
	qb_int(&q, r->ctx->org_id);
	if (r->process_id) {
		qb_sql(&q, " AND p.id = ?");
		qb_int(&q, r->process_id);
	}
	qb_sql(&q, " ORDER BY p.id, s.position");
	if (!(st = report_prepare(r, &q))) {
		rc = r->err ? r->err->code : FC_ESTORE;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		ALLOC_GROW(r->steps, r->nsteps + 1, alloc);
		struct report_step *s = &r->steps[r->nsteps++];
		s->process_id = db_col_int(st, 0);
		copy_col(s->process, sizeof(s->process), st, 1);
		copy_col(s->key, sizeof(s->key), st, 2);
		copy_col(s->name, sizeof(s->name), st, 3);
		copy_col(s->phase, sizeof(s->phase), st, 4);
		s->position = db_col_int(st, 5);
		s->probability = db_col_int(st, 6);
	}
	if (rc < 0)
		rc = report_step_error(r);
out:
	if (st)
		db_done(st);
	qb_release(&q);
	return rc;
}

static json_t *step_row(const struct report_step *s)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I}", "process", s->process,
			 "step", s->key, "name", s->name, "phase", s->phase,
			 "position", (json_int_t)s->position);
}

static void set_int(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, json_integer((json_int_t)v));
}

/* ---- per-owner rows ---- */

#define OWNER_VALS 12

struct owner_acc {
	int64_t id;
	int64_t v[OWNER_VALS];
	char email[256];
};

struct owners {
	struct owner_acc *a;
	size_t n, alloc;
};

static struct owner_acc *owners_get(struct owners *ow, int64_t id)
{
	for (size_t i = 0; i < ow->n; i++)
		if (ow->a[i].id == id)
			return &ow->a[i];
	ALLOC_GROW(ow->a, ow->n + 1, ow->alloc);
	struct owner_acc *o = &ow->a[ow->n++];
	memset(o, 0, sizeof(*o));
	o->id = id;
	return o;
}

/* Runs Q whose rows are (owner_id, v1, v2, ...) and adds each v into the
 * owner's slots FIRST, FIRST+1, ... */
static int owners_fill(struct report_run *r, struct owners *ow, struct qb *q,
		       int first, int nvals)
{
	struct db_stmt *st = report_prepare(r, q);
	int rc;
	if (!st)
		return r->err ? r->err->code : FC_ESTORE;
	while ((rc = db_step(st)) > 0) {
		struct owner_acc *o = owners_get(ow, col_int0(st, 0));
		for (int i = 0; i < nvals; i++)
			o->v[first + i] = money_add(o->v[first + i],
						     col_int0(st, i + 1));
	}
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	return rc;
}

static int owner_cmp(const void *a, const void *b)
{
	const struct owner_acc *x = a, *y = b;
	int c = strcmp(x->email, y->email);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Looks up each owner's email and sorts by it, so rows come in the same
 * order on every backend. */
static int owners_finish(struct report_run *r, struct owners *ow)
{
	struct db_stmt *st;
	int rc = 0;
	for (size_t i = 0; i < ow->n; i++) {
		st = db_prepare(r->ctx->db, "SELECT email FROM users WHERE "
				"org_id = ? AND id = ?");
		if (!st)
			return db_error(r->ctx->db, r->err);
		db_bind_int(st, 1, r->ctx->org_id);
		db_bind_int(st, 2, ow->a[i].id);
		rc = db_step(st);
		if (rc > 0)
			copy_col(ow->a[i].email, sizeof(ow->a[i].email), st, 0);
		db_done(st);
		if (rc < 0)
			return report_step_error(r);
		rc = 0;
	}
	if (ow->n)
		qsort(ow->a, ow->n, sizeof(*ow->a), owner_cmp);
	return rc;
}

static json_t *owner_row(const struct owner_acc *o)
{
	return json_pack("{s:I, s:s}", "owner_id", (json_int_t)o->id, "owner",
			 o->email);
}

/* ---- pipeline ---- */

static int report_pipeline(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st = NULL;
	int64_t *cnt = xcalloc(r->nsteps + 1, sizeof(*cnt));
	int64_t *val = xcalloc(r->nsteps + 1, sizeof(*val));
	int64_t tdeals = 0, tval = 0, tweighted = 0;
	json_t *rows = json_object_get(rep, "rows");
	int rc;

	/* Each amount converts at its own date, so the open deals are summed
	 * per currency and close date (the base currency needs no date), from
	 * their rollup (sql/043-report-money.sql). */
	qb_init(&q);
	qb_sql(&q, "SELECT t.process_id, t.step, t.currency, CASE WHEN "
	       "t.currency = ? THEN '' ELSE t.rate_day END, SUM(t.deals), "
	       "SUM(t.value_cents) FROM report_deal_money t WHERE t.status = "
	       "'open'");
	qb_text(&q, convert_base(r->cv));
	report_deal_scope(&q, r, "t");
	report_period_day(&q, r, "t.day");
	qb_sql(&q, " GROUP BY 1, 2, 3, 4 HAVING SUM(t.deals) <> 0");
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		const struct report_step *s = report_step_find(r,
			db_col_int(st, 0), db_col_text(st, 1));
		size_t i = s ? (size_t)(s - r->steps) : r->nsteps;
		int64_t base;
		if (!report_convert(r, db_col_text(st, 2), db_col_text(st, 3),
				    col_int0(st, 5), col_int0(st, 4), &base))
			continue;
		cnt[i] = money_add(cnt[i], col_int0(st, 4));
		val[i] = money_add(val[i], base);
	}
	db_done(st);
	if (rc < 0) {
		rc = report_step_error(r);
		goto out;
	}
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct report_step *s = &r->steps[i];
		json_t *row = step_row(s);
		int64_t w = report_div_round(money_mul(val[i], s->probability),
					     100);
		set_int(row, "probability", s->probability);
		set_int(row, "deals", cnt[i]);
		set_int(row, "value_minor", val[i]);
		set_int(row, "weighted_minor", w);
		json_array_append_new(rows, row);
		tdeals = money_add(tdeals, cnt[i]);
		tval = money_add(tval, val[i]);
		tweighted = money_add(tweighted, w);
	}
	/* Deals on a step their process no longer has still count. */
	tdeals = money_add(tdeals, cnt[r->nsteps]);
	tval = money_add(tval, val[r->nsteps]);
	json_t *t = json_object_get(rep, "totals");
	set_int(t, "deals", tdeals);
	set_int(t, "value_minor", tval);
	set_int(t, "weighted_minor", tweighted);
	set_int(t, "unknown_step_deals", cnt[r->nsteps]);
	rc = 0;
out:
	free(cnt);
	free(val);
	qb_release(&q);
	return rc;
}

/* ---- funnel ---- */

/* " WHERE ..." for a funnel rollup (entries or starts): the entries in the
 * period that were the deal's first there, their previous one (prev_day,
 * '' for none) being before the period. */
static void funnel_where(struct qb *q, struct report_run *r)
{
	qb_sql(q, " WHERE 1 = 1");
	report_deal_scope(q, r, "fe");
	report_first_entry(q, r);
}

void report_first_entry(struct qb *q, struct report_run *r)
{
	report_period(q, r, "fe.day");
	if (r->from[0]) {
		qb_sql(q, " AND fe.prev_day < ?");
		qb_text(q, r->from);
	} else {
		qb_sql(q, " AND fe.prev_day = ''");
	}
}

static int report_funnel(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st = NULL;
	size_t n = r->nsteps;
	int64_t (*v)[4] = xcalloc(n + 1, sizeof(*v));
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	int rc;

	/* report_entries holds, per day and owner, the entries into each step
	 * with what became of them (sql/005-report-aggregates.sql). */
	qb_init(&q);
	qb_sql(&q, "SELECT fe.process_id, fe.step, SUM(fe.entered), "
	       "SUM(fe.advanced), SUM(fe.lost), SUM(fe.won) FROM report_entries "
	       "fe");
	funnel_where(&q, r);
	qb_sql(&q, " GROUP BY fe.process_id, fe.step");
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		const struct report_step *s = report_step_find(r,
			db_col_int(st, 0), db_col_text(st, 1));
		size_t i = s ? (size_t)(s - r->steps) : n;
		for (int k = 0; k < 4; k++)
			v[i][k] = money_add(v[i][k], col_int0(st, k + 2));
	}
	db_done(st);
	if (rc < 0) {
		rc = report_step_error(r);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *row = step_row(&r->steps[i]);
		set_int(row, "entered", v[i][0]);
		set_int(row, "advanced", v[i][1]);
		set_int(row, "lost", v[i][2]);
		set_int(row, "won", v[i][3]);
		json_object_set_new(row, "conversion", report_rate(v[i][1], v[i][0]));
		set_int(row, "drop_off", v[i][0] - v[i][1]);
		json_object_set_new(row, "drop_off_rate",
				    report_rate(v[i][0] - v[i][1], v[i][0]));
		json_array_append_new(rows, row);
	}

	qb_release(&q);
	qb_init(&q);
	qb_sql(&q, "SELECT SUM(fe.deals), SUM(fe.won) FROM report_starts fe");
	funnel_where(&q, r);
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	rc = db_step(st);
	if (rc > 0) {
		set_int(t, "deals", col_int0(st, 0));
		set_int(t, "won", col_int0(st, 1));
		json_object_set_new(t, "win_rate", report_rate(col_int0(st, 1),
							       col_int0(st, 0)));
	}
	db_done(st);
	rc = rc < 0 ? report_step_error(r) : 0;
out:
	free(v);
	qb_release(&q);
	return rc;
}

/* ---- velocity ---- */

/* Wraps Q's "WITH hist AS (SELECT g1, g2, hours, c ..." (a histogram of
 * hours per group read from a rollup) into the nearest-rank percentiles per
 * (g1, g2): its running count by a window, and per group the count and the
 * smallest hours whose running count reaches p % of it (cum * 100 >= p * n
 * is cum >= ceil(p * n / 100)). Rows: g1, g2, n, median hours, p90 hours. */
void report_pct_wrap(struct qb *q)
{
	qb_sql(q, "), cum AS (SELECT g1, g2, hours, SUM(c) "
	       "OVER (PARTITION BY g1, g2 ORDER BY hours ROWS BETWEEN UNBOUNDED "
	       "PRECEDING AND CURRENT ROW) AS cum, SUM(c) OVER (PARTITION BY g1, "
	       "g2) AS n FROM hist) SELECT g1, g2, MAX(n), MIN(CASE WHEN cum * "
	       "100 >= 50 * n THEN hours END), MIN(CASE WHEN cum * 100 >= 90 * n "
	       "THEN hours END) FROM cum GROUP BY g1, g2");
}

struct pct {
	int64_t n, median, p90;	/* hours; n == 0: no values */
};

static json_t *pct_days(const struct pct *p, int which)
{
	if (!p->n)
		return json_null();
	return json_real((double)(which == 50 ? p->median : p->p90) / 24.0);
}

static void pct_read(struct pct *p, struct db_stmt *st)
{
	p->n = col_int0(st, 2);
	p->median = col_int0(st, 3);
	p->p90 = col_int0(st, 4);
}

static int report_velocity(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st = NULL;
	size_t n = r->nsteps;
	struct pct *h = xcalloc(n + 2, sizeof(*h));	/* + won, lost cycles */
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	int rc;

	/* report_stays: ended stays per day ended and whole hours, where a
	 * move back does not end a stay (sql/005-report-aggregates.sql). */
	qb_init(&q);
	qb_sql(&q, "WITH hist AS (SELECT vs.process_id AS g1, vs.step AS g2, "
	       "vs.hours AS hours, SUM(vs.n) AS c FROM report_stays vs WHERE 1 = 1");
	report_deal_scope(&q, r, "vs");
	report_period(&q, r, "vs.day");
	qb_sql(&q, " GROUP BY vs.process_id, vs.step, vs.hours HAVING SUM(vs.n) "
	       "<> 0");
	report_pct_wrap(&q);
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		const struct report_step *s = report_step_find(r,
			db_col_int(st, 0), db_col_text(st, 1));
		if (s)
			pct_read(&h[s - r->steps], st);
	}
	db_done(st);
	if (rc < 0) {
		rc = report_step_error(r);
		goto out;
	}

	qb_release(&q);
	qb_init(&q);
	qb_sql(&q, "WITH hist AS (SELECT vc.status AS g1, 0 AS g2, vc.hours AS "
	       "hours, SUM(vc.n) AS c FROM report_cycles vc WHERE 1 = 1");
	report_deal_scope(&q, r, "vc");
	report_period(&q, r, "vc.day");
	qb_sql(&q, " GROUP BY vc.status, vc.hours HAVING SUM(vc.n) <> 0");
	report_pct_wrap(&q);
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		const char *status = db_col_text(st, 0);
		pct_read(&h[n + (status && !strcmp(status, "lost"))], st);
	}
	db_done(st);
	if (rc < 0) {
		rc = report_step_error(r);
		goto out;
	}

	for (size_t i = 0; i < n; i++) {
		json_t *row = step_row(&r->steps[i]);
		set_int(row, "stays", h[i].n);
		json_object_set_new(row, "median_days", pct_days(&h[i], 50));
		json_object_set_new(row, "p90_days", pct_days(&h[i], 90));
		json_array_append_new(rows, row);
	}
	set_int(t, "won_deals", h[n].n);
	json_object_set_new(t, "won_median_days", pct_days(&h[n], 50));
	json_object_set_new(t, "won_p90_days", pct_days(&h[n], 90));
	set_int(t, "lost_deals", h[n + 1].n);
	json_object_set_new(t, "lost_median_days", pct_days(&h[n + 1], 50));
	json_object_set_new(t, "lost_p90_days", pct_days(&h[n + 1], 90));
	rc = 0;
out:
	free(h);
	qb_release(&q);
	return rc;
}

/* ---- win rate ---- */

#define LOST_REASONS_MAX 50

/* (owner_id, status, lost reason or '', currency, rate day, deals, value)
 * of the deals closed in the period, for converting their value, from
 * their rollup (sql/043-report-money.sql). */
static void closed_money_query(struct qb *q, struct report_run *r)
{
	qb_sql(q, "SELECT t.owner_id, t.status, t.lost_reason, t.currency, "
	       "CASE WHEN t.currency = ? THEN '' ELSE t.rate_day END, "
	       "SUM(t.deals), SUM(t.value_cents) FROM report_deal_money t "
	       "WHERE t.status IN ('won', 'lost')");
	qb_text(q, convert_base(r->cv));
	report_deal_scope(q, r, "t");
	/* a closed deal's day is in the period when its time is; one
	 * without a close time is in no period */
	report_period_day(q, r, "t.day");
	qb_sql(q, " GROUP BY 1, 2, 3, 4, 5 HAVING SUM(t.deals) <> 0");
}

/* Runs closed_money_query() Q. With OW: adds each owner's converted won
 * and lost value into slots 2 and 3. With REASONS: adds the converted
 * value of the lost deals into the "value_minor" of their reason's row
 * (reasons not listed are skipped). Amounts without a rate are listed
 * apart once, by the OW pass. */
static int closed_money(struct report_run *r, struct qb *q, struct owners *ow,
			json_t *reasons)
{
	struct db_stmt *st = report_prepare(r, q);
	int rc;
	if (!st)
		return r->err->code;
	while ((rc = db_step(st)) > 0) {
		int lost = !strcmp(db_col_text(st, 1), "lost");
		int64_t base = 0, cents = col_int0(st, 6), n = col_int0(st, 5);
		if (ow) {
			if (!report_convert(r, db_col_text(st, 3),
					    db_col_text(st, 4), cents, n, &base))
				continue;
			struct owner_acc *o = owners_get(ow, col_int0(st, 0));
			o->v[2 + lost] = money_add(o->v[2 + lost], base);
			continue;
		}
		if (!lost || !convert_again(r->cv, db_col_text(st, 3),
					    db_col_text(st, 4), cents, &base))
			continue;
		const char *reason = db_col_text(st, 2);
		size_t i;
		json_t *row;
		json_array_foreach(reasons, i, row) {
			json_t *rs = json_object_get(row, "reason");
			if (strcmp(json_is_string(rs) ? json_string_value(rs) : "",
				   reason))
				continue;
			json_t *v = json_object_get(row, "value_minor");
			json_integer_set(v, money_add(json_integer_value(v), base));
			break;
		}
	}
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	return rc;
}

static int report_winrate(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st = NULL;
	struct owners ow = { 0 };
	int64_t tot[4] = { 0 };
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	json_t *reasons = json_array();
	int rc;

	json_object_set_new(rep, "lost_reasons", reasons);
	qb_init(&q);
	qb_sql(&q, "SELECT cd.owner_id, SUM(CASE WHEN cd.status = 'won' THEN "
	       "cd.deals ELSE 0 END), SUM(CASE WHEN cd.status = 'lost' THEN "
	       "cd.deals ELSE 0 END) FROM report_closed_deals cd WHERE 1 = 1");
	report_deal_scope(&q, r, "cd");
	report_period_day(&q, r, "cd.day");
	qb_sql(&q, " GROUP BY cd.owner_id HAVING SUM(cd.deals) <> 0");
	if ((rc = owners_fill(r, &ow, &q, 0, 2)))
		goto out;
	qb_release(&q);
	qb_init(&q);
	closed_money_query(&q, r);
	if ((rc = closed_money(r, &q, &ow, NULL)) || (rc = owners_finish(r, &ow)))
		goto out;
	for (size_t i = 0; i < ow.n; i++) {
		int64_t *v = ow.a[i].v;
		json_t *row = owner_row(&ow.a[i]);
		set_int(row, "won", v[0]);
		set_int(row, "lost", v[1]);
		json_object_set_new(row, "win_rate", report_rate(v[0], v[0] + v[1]));
		set_int(row, "won_minor", v[2]);
		set_int(row, "lost_minor", v[3]);
		json_array_append_new(rows, row);
		for (int k = 0; k < 4; k++)
			tot[k] = money_add(tot[k], v[k]);
	}
	set_int(t, "won", tot[0]);
	set_int(t, "lost", tot[1]);
	json_object_set_new(t, "win_rate", report_rate(tot[0], tot[0] + tot[1]));
	set_int(t, "won_minor", tot[2]);
	set_int(t, "lost_minor", tot[3]);

	qb_release(&q);
	qb_init(&q);
	qb_sql(&q, "SELECT NULLIF(cd.lost_reason, ''), SUM(cd.deals) "
	       "FROM report_closed_deals cd WHERE cd.status = 'lost'");
	report_deal_scope(&q, r, "cd");
	report_period_day(&q, r, "cd.day");
	qb_sql(&q, " GROUP BY cd.lost_reason HAVING SUM(cd.deals) <> 0 ORDER BY"
	       " 2 DESC, cd.lost_reason LIMIT %d", LOST_REASONS_MAX);
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		const char *reason = db_col_text(st, 0);
		json_array_append_new(reasons, json_pack("{s:o, s:I, s:I}",
			"reason", reason ? json_string(reason) : json_null(),
			"deals", (json_int_t)col_int0(st, 1),
			"value_minor", (json_int_t)0));
	}
	db_done(st);
	if (rc < 0) {
		rc = report_step_error(r);
		goto out;
	}
	/* the value of each reason listed, converted deal by deal; the
	 * amounts without a rate were listed apart by the query above */
	qb_release(&q);
	qb_init(&q);
	closed_money_query(&q, r);
	rc = closed_money(r, &q, NULL, reasons);
out:
	free(ow.a);
	qb_release(&q);
	return rc;
}

/* ---- agreements ---- */

/* "SELECT KEY, interactions, agreements, planned" of the interactions in
 * scope and period, grouped by KEY, from their rollup (sql/007). */
static void interactions_by(struct qb *q, struct report_run *r,
			    const char *key)
{
	qb_sql(q, "SELECT %s, SUM(ri.interactions), SUM(ri.agreements), "
	       "SUM(ri.planned) FROM report_interactions ri WHERE 1 = 1", key);
	report_deal_scope(q, r, "ri");
	report_period(q, r, "ri.day");
	qb_sql(q, " GROUP BY 1 HAVING SUM(ri.interactions) <> 0");
}

static int report_agreements(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st = NULL;
	struct owners ow = { 0 };
	int64_t tot[3] = { 0 };
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	json_t *months = json_array();
	int rc;

	json_object_set_new(rep, "months", months);
	qb_init(&q);
	interactions_by(&q, r, "ri.owner_id");
	if ((rc = owners_fill(r, &ow, &q, 0, 3)) || (rc = owners_finish(r, &ow)))
		goto out;
	for (size_t i = 0; i < ow.n; i++) {
		int64_t *v = ow.a[i].v;
		json_t *row = owner_row(&ow.a[i]);
		set_int(row, "interactions", v[0]);
		set_int(row, "agreements", v[1]);
		json_object_set_new(row, "agreement_rate", report_rate(v[1], v[0]));
		set_int(row, "planned", v[2]);
		json_object_set_new(row, "planned_share", report_rate(v[2], v[0]));
		json_array_append_new(rows, row);
		for (int k = 0; k < 3; k++)
			tot[k] = money_add(tot[k], v[k]);
	}
	set_int(t, "interactions", tot[0]);
	set_int(t, "agreements", tot[1]);
	json_object_set_new(t, "agreement_rate", report_rate(tot[1], tot[0]));
	set_int(t, "planned", tot[2]);
	json_object_set_new(t, "planned_share", report_rate(tot[2], tot[0]));

	qb_release(&q);
	qb_init(&q);
	interactions_by(&q, r, "substr(ri.day, 1, 7)");
	qb_sql(&q, " ORDER BY 1");
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t nint = col_int0(st, 1), nagr = col_int0(st, 2);
		json_array_append_new(months, json_pack("{s:s, s:I, s:I, s:o}",
			"month", db_col_text(st, 0) ? db_col_text(st, 0) : "",
			"interactions", (json_int_t)nint,
			"agreements", (json_int_t)nagr,
			"agreement_rate", report_rate(nagr, nint)));
	}
	db_done(st);
	rc = rc < 0 ? report_step_error(r) : 0;
out:
	free(ow.a);
	qb_release(&q);
	return rc;
}

/* ---- discipline ---- */

static json_t *discipline_row(json_t *row, const int64_t *v)
{
	set_int(row, "open_deals", v[0]);
	set_int(row, "covered", v[1]);
	json_object_set_new(row, "coverage", report_rate(v[1], v[0]));
	set_int(row, "overdue", v[2]);
	set_int(row, "missed", v[6]);
	set_int(row, "interactions", v[3]);
	set_int(row, "planned", v[5]);
	set_int(row, "reactive", v[3] - v[5]);
	json_object_set_new(row, "planned_share", report_rate(v[5], v[3]));
	return row;
}

static int report_discipline(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct owners ow = { 0 };
	int64_t tot[7] = { 0 };
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	int rc;

	/* the promises missed by today are recorded before they are counted
	 * (core/promise.h), so the report never lags the calendar */
	if ((rc = promise_sweep_missed(r->ctx, NULL, r->err)))
		return rc;
	/* v: 0 open deals, 1 covered, 2 overdue, 3 interactions, 4 agreements
	 * (not shown), 5 planned, from the rollups of sql/007; 6 promises
	 * missed in the period (sql/020) */
	qb_init(&q);
	qb_sql(&q, "SELECT rc.owner_id, SUM(rc.deals), SUM(CASE WHEN rc.due_day "
	       ">= ? THEN rc.deals ELSE 0 END) FROM report_coverage rc WHERE "
	       "1 = 1");
	qb_text(&q, r->today);
	report_deal_scope(&q, r, "rc");
	qb_sql(&q, " GROUP BY rc.owner_id HAVING SUM(rc.deals) <> 0");
	if ((rc = owners_fill(r, &ow, &q, 0, 2)))
		goto out;

	qb_release(&q);
	qb_init(&q);
	qb_sql(&q, "SELECT os.owner_id, SUM(os.steps) FROM report_open_steps os "
	       "WHERE os.due_day < ?");
	qb_text(&q, r->today);
	report_deal_scope(&q, r, "os");
	qb_sql(&q, " GROUP BY os.owner_id HAVING SUM(os.steps) <> 0");
	if ((rc = owners_fill(r, &ow, &q, 2, 1)))
		goto out;

	qb_release(&q);
	qb_init(&q);
	interactions_by(&q, r, "ri.owner_id");
	if ((rc = owners_fill(r, &ow, &q, 3, 3)))
		goto out;

	qb_release(&q);
	qb_init(&q);
	qb_sql(&q, "SELECT mp.owner_id, COUNT(*) FROM missed_promises mp WHERE "
	       "1 = 1");
	report_deal_scope(&q, r, "mp");
	report_period(&q, r, "mp.missed_on");
	qb_sql(&q, " GROUP BY mp.owner_id");
	if ((rc = owners_fill(r, &ow, &q, 6, 1)) || (rc = owners_finish(r, &ow)))
		goto out;

	for (size_t i = 0; i < ow.n; i++) {
		int64_t *v = ow.a[i].v;
		json_array_append_new(rows, discipline_row(owner_row(&ow.a[i]), v));
		for (int k = 0; k < 7; k++)
			tot[k] = money_add(tot[k], v[k]);
	}
	discipline_row(t, tot);
	rc = 0;
out:
	free(ow.a);
	qb_release(&q);
	return rc;
}

/* ---- follow-up ---- */

enum { FU_WON, FU_CHECKED, FU_SCORED, FU_SCORE_SUM, FU_REFERRALS,
       FU_REF_WON, FU_REF_CENTS, FU_CUSTOMERS, FU_EXPANSION, FU_N };

/* The summable figures of the deals won in the period per owner, from
 * their rollup (sql/007), in the order FU_WON .. FU_REF_CENTS; the last is
 * 0 here, for followup_revenue() to convert. */
static void followup_wins(struct qb *q, struct report_run *r)
{
	qb_sql(q, "SELECT rw.owner_id, SUM(rw.won), SUM(rw.checked), "
	       "SUM(rw.scored), SUM(rw.score_sum), SUM(rw.referrals), "
	       "SUM(rw.referred), 0 FROM report_wins rw WHERE 1 = 1");
	report_deal_scope(q, r, "rw");
	report_period_day(q, r, "rw.day");
	qb_sql(q, " GROUP BY rw.owner_id HAVING SUM(rw.won) <> 0");
}

/* The value of the referred deals won in the period (the rollup's
 * referred_cents), per owner, converted deal group by deal group into
 * FU_REF_CENTS. */
static int followup_revenue(struct report_run *r, struct owners *ow)
{
	struct qb q;
	struct db_stmt *st;
	int rc;
	qb_init(&q);
	qb_sql(&q, "SELECT t.owner_id, t.currency, CASE WHEN t.currency = ? "
	       "THEN '' ELSE ");
	qb_text(&q, convert_base(r->cv));
	report_rate_day(&q, "t");
	qb_sql(&q, " END, COUNT(*), SUM(t.value_cents) FROM deals t WHERE "
	       "t.status = 'won' AND (t.source_referral_id IS NOT NULL OR "
	       "t.referrals_in > 0)");
	report_deal_scope(&q, r, "t");
	/* a won deal's closed_at is a whole time: its day is in the period
	 * when the time is, a range over sql/039's deals_referred_won */
	report_period(&q, r, "t.closed_at");
	qb_sql(&q, " GROUP BY 1, 2, 3");
	if (!(st = report_prepare(r, &q))) {
		qb_release(&q);
		return r->err->code;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t base;
		if (!report_convert(r, db_col_text(st, 1), db_col_text(st, 2),
				    col_int0(st, 4), col_int0(st, 3), &base))
			continue;
		int64_t *v = owners_get(ow, col_int0(st, 0))->v;
		v[FU_REF_CENTS] = money_add(v[FU_REF_CENTS], base);
	}
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	qb_release(&q);
	return rc;
}

/* Customers (distinct accounts of W) and expansion deals per owner, then
 * for W as a whole in a last row whose owner is NULL, counted from the won
 * deals' index where followup_firsts() cannot answer (a team, a process). A
 * deal x is an expansion when some deal of W on its account was won before
 * x was created: when x came after the account's first win in W. Per owner
 * and account that is `later`, the deals created after the owner's first
 * win there; for the whole of W, an account's count is its largest
 * `later`, the one after its earliest win. `won` is set apart first so
 * that W is found by the index its conditions choose, not by one that
 * would serve the grouping's order (a scan of every deal). */
static void followup_accounts(struct qb *q, struct report_run *r)
{
	qb_sql(q, "WITH won AS MATERIALIZED (SELECT d.owner_id AS owner_id, "
	       "d.org_id AS org_id, d.account_id AS account_id, d.closed_at AS "
	       "closed_at FROM deals d WHERE d.status = 'won'");
	report_deal_scope(q, r, "d");
	report_period(q, r, "d.closed_at");
	/* grouped account first, so that the later deals are counted in
	 * account order: each page of deals_account_created is read once,
	 * not once per owner */
	qb_sql(q, "), w0 AS (SELECT owner_id, org_id, account_id, MIN(closed_at)"
	       " AS first_won FROM won GROUP BY org_id, account_id, owner_id), w "
	       "AS MATERIALIZED (SELECT owner_id, account_id, (SELECT COUNT(*) FROM "
	       "deals x WHERE x.org_id = w0.org_id AND x.account_id = "
	       "w0.account_id AND x.created_at > w0.first_won) AS later FROM w0) "
	       "SELECT owner_id, COUNT(*), SUM(later) FROM w GROUP BY owner_id "
	       "UNION ALL SELECT NULL, COUNT(*), SUM(later) FROM (SELECT "
	       "MAX(later) AS later FROM w GROUP BY account_id) a");
}

/* Who W's owners are, for followup_firsts(): one owner (a rep, a manager
 * without a team, or --owner), every owner (an admin without --team), or
 * some other set (a team), which the rollup cannot answer. */
enum fu_owners { FU_ONE_OWNER, FU_ALL_OWNERS, FU_SOME_OWNERS };

static enum fu_owners followup_owners(const struct report_run *r)
{
	const struct fc_actor *u = &r->ctx->user;
	if (r->o->owner_id || u->role == ROLE_REP ||
	    (u->role == ROLE_MANAGER && !u->team[0]))
		return FU_ONE_OWNER;
	return u->role == ROLE_ADMIN && !r->o->team ? FU_ALL_OWNERS :
	       FU_SOME_OWNERS;
}

/* The same figures as followup_accounts() from report_first_wins
 * (sql/040-followup-first-wins.sql), which sums per day won and owner the
 * won deals with the day of their previous win (of the same owner, and of
 * anyone) and their account's later deals: an account is a customer of W
 * once, through its first win in W, which is the win of the period whose
 * previous win is before the period (or none, '', for all time). Exact for
 * W's owners only when they are one owner or all of them, and for every
 * process: returns 0 when it cannot answer. */
static int followup_firsts(struct qb *q, struct report_run *r)
{
	enum fu_owners who = followup_owners(r);
	if (who == FU_SOME_OWNERS || r->process_id)
		return 0;
	for (int total = 0; total < 2; total++) {
		const char *prev = total && who == FU_ALL_OWNERS ?
				   "f.account_prev" : "f.owner_prev";
		qb_sql(q, "%sSELECT %s, SUM(f.wins), SUM(f.later) FROM "
		       "report_first_wins f WHERE 1 = 1", total ? " UNION ALL " :
		       "", total ? "NULL" : "f.owner_id");
		report_deal_scope(q, r, "f");
		report_period_day(q, r, "f.day");
		if (r->from[0]) {
			qb_sql(q, " AND %s < ?", prev);
			qb_text(q, r->from);
		} else {
			qb_sql(q, " AND %s = ''", prev);
		}
		if (!total)
			qb_sql(q, " GROUP BY f.owner_id HAVING SUM(f.wins) <> 0");
	}
	return 1;
}

static json_t *followup_row(json_t *row, const int64_t *v)
{
	set_int(row, "won", v[FU_WON]);
	set_int(row, "checked", v[FU_CHECKED]);
	json_object_set_new(row, "compliance", report_rate(v[FU_CHECKED],
							   v[FU_WON]));
	set_int(row, "scored", v[FU_SCORED]);
	json_object_set_new(row, "avg_score", report_rate(v[FU_SCORE_SUM],
							  v[FU_SCORED]));
	set_int(row, "customers", v[FU_CUSTOMERS]);
	set_int(row, "referrals", v[FU_REFERRALS]);
	json_object_set_new(row, "referrals_per_customer",
			    report_rate(v[FU_REFERRALS], v[FU_CUSTOMERS]));
	set_int(row, "expansion_deals", v[FU_EXPANSION]);
	json_object_set_new(row, "expansion_per_customer",
			    report_rate(v[FU_EXPANSION], v[FU_CUSTOMERS]));
	set_int(row, "referral_won", v[FU_REF_WON]);
	set_int(row, "referral_revenue_minor", v[FU_REF_CENTS]);
	return row;
}

static int report_followup(struct report_run *r, json_t *rep)
{
	struct qb q;
	struct db_stmt *st = NULL;
	struct owners ow = { 0 };
	int64_t tot[OWNER_VALS] = { 0 };
	json_t *rows = json_object_get(rep, "rows");
	int rc;

	qb_init(&q);
	followup_wins(&q, r);
	if ((rc = owners_fill(r, &ow, &q, FU_WON, FU_CUSTOMERS)) ||
	    (rc = followup_revenue(r, &ow)))
		goto out;
	qb_release(&q);
	qb_init(&q);
	if (!followup_firsts(&q, r))
		followup_accounts(&q, r);
	if (!(st = report_prepare(r, &q))) {
		rc = r->err->code;
		goto out;
	}
	while ((rc = db_step(st)) > 0) {
		int64_t *v = db_col_is_null(st, 0) ? tot :
			     owners_get(&ow, db_col_int(st, 0))->v;
		v[FU_CUSTOMERS] = col_int0(st, 1);
		v[FU_EXPANSION] = col_int0(st, 2);
	}
	db_done(st);
	if ((rc = rc < 0 ? report_step_error(r) : 0) ||
	    (rc = owners_finish(r, &ow)))
		goto out;

	for (size_t i = 0; i < ow.n; i++) {
		json_array_append_new(rows, followup_row(owner_row(&ow.a[i]),
							 ow.a[i].v));
		for (int k = FU_WON; k < FU_CUSTOMERS; k++)
			tot[k] = money_add(tot[k], ow.a[i].v[k]);
	}
	followup_row(json_object_get(rep, "totals"), tot);
out:
	free(ow.a);
	qb_release(&q);
	return rc;
}

/* ---- entry points ---- */

static int date_opt(struct report_run *r, const char *name, const char *s,
		    char out[DATE_LEN], int next)
{
	int32_t days;
	out[0] = '\0';
	if (!s)
		return 0;
	if (strlen(s) != 10 || date_parse(s, &days))
		return fc_fail(r->err, FC_EINVAL, name,
			       "'%s' is not a date (YYYY-MM-DD): '%.40s'", name, s);
	date_format(next ? days + 1 : days, out);
	return 0;
}

/* The fields of each report's rows, in the order a table shows them. */
static const char *const pipeline_columns[] = { "process", "step", "deals",
	"value_minor", "probability", "weighted_minor", NULL };
static const char *const funnel_columns[] = { "process", "step", "entered",
	"advanced", "lost", "won", "conversion", "drop_off", NULL };
static const char *const velocity_columns[] = { "process", "step", "stays",
	"median_days", "p90_days", NULL };
static const char *const winrate_columns[] = { "owner", "won", "lost",
	"win_rate", "won_minor", "lost_minor", NULL };
static const char *const agreements_columns[] = { "owner", "interactions",
	"agreements", "agreement_rate", "planned", "planned_share", NULL };
static const char *const discipline_columns[] = { "owner", "open_deals",
	"covered", "coverage", "overdue", "missed", "interactions", "planned",
	"reactive", "planned_share", NULL };
static const char *const followup_columns[] = { "owner", "won", "checked",
	"compliance", "avg_score", "customers", "referrals", "expansion_deals",
	"referral_won", "referral_revenue_minor", NULL };
static const char *const referrals_columns[] = { "contact_id", "account_id",
	"referrals", "deals", "won", "win_rate", "won_minor", NULL };
static const char *const forecast_columns[] = { "month", "deals",
	"value_minor", "expected_fixed_minor", "expected_learned_minor", NULL };
static const char *const disqualified_columns[] = { "reason", "deals",
	"share", "value_minor", NULL };
static const char *const coaching_columns[] = { "owner", "step", "entered",
	"conversion", "conversion_low", "conversion_high", "team_conversion",
	"median_days", "team_median_days", "small", "weakest", NULL };
static const char *const adherence_columns[] = { "step", "followed", "deals",
	"won", "win_rate", "win_rate_low", "win_rate_high", "median_days",
	"p25_days", "p75_days", "small", NULL };
/* The rows of a backtest (of any report that takes one). */
static const char *const backtest_columns[] = { "at", "month", "deals",
	"expected_fixed_minor", "expected_learned_minor", "actual_won_minor",
	"error_fixed_minor", "error_learned_minor", NULL };
#define REPORT_ROW(n, flags, title, label, value, value2, extra, summary) \
	{ #n, report_##n, flags, n##_columns, \
	  (flags) & REPORT_BACKTEST ? backtest_columns : NULL, title, label, \
	  value, value2, extra, summary },
const struct report_def report_defs[] = {
	REPORT_LIST(REPORT_ROW)
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};
#undef REPORT_ROW

const struct report_def *report_def_find(const char *name)
{
	for (const struct report_def *d = report_defs; name && d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static json_t *words_json(const char *const *words)
{
	json_t *a = json_array();
	for (; words && *words; words++)
		json_array_append_new(a, json_string(*words));
	return a;
}

json_t *report_list_json(void)
{
	json_t *items = json_array();
	for (const struct report_def *d = report_defs; d->name; d++) {
		const char *series[] = { d->value, d->value2, NULL };
		json_array_append_new(items, json_pack(
			"{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:b, s:o}",
			"name", d->name, "title", d->title, "summary", d->summary,
			"label", d->label, "series", words_json(series),
			"extra", d->extra ? json_string(d->extra) : json_null(),
			"timeline", !!(d->flags & REPORT_TIMELINE),
			"steps", !!(d->flags & REPORT_STEPS),
			"backtest", !!(d->flags & REPORT_BACKTEST),
			"columns", words_json(d->columns)));
	}
	return json_pack("{s:o}", "items", items);
}

static json_t *params_json(struct report_run *r, const char *name)
{
	const struct report_opts *o = r->o;
	json_t *p = json_object();
	json_object_set_new(p, "owner_id", o->owner_id ?
			    json_integer((json_int_t)o->owner_id) : json_null());
	json_object_set_new(p, "team", o->team ? json_string(o->team) : json_null());
	json_object_set_new(p, "process", o->process ? json_string(o->process)
			    : json_null());
	json_object_set_new(p, "from", o->from ? json_string(o->from) : json_null());
	json_object_set_new(p, "to", o->to ? json_string(o->to) : json_null());
	json_object_set_new(p, "today", json_string(r->today));
	if (report_def_find(name)->flags & REPORT_BACKTEST) {
		json_object_set_new(p, "backtest", json_boolean(o->backtest));
		json_object_set_new(p, "at", r->at[0] ? json_string(r->at)
				    : json_null());
		json_t *ats = json_array();
		for (size_t i = 0; i < r->nats; i++)
			json_array_append_new(ats, json_string(r->ats[i]));
		json_object_set_new(p, "dates", ats);
		json_object_set_new(p, "every", o->every ? json_string(o->every)
				    : json_null());
		json_object_set_new(p, "prior_k", json_integer(REPORT_PRIOR_K));
	}
	return p;
}

int report_run(struct fc_ctx *ctx, const char *name,
	       const struct report_opts *o, json_t **out, struct fc_error *err)
{
	struct fc_error local;
	struct report_run r = { .ctx = ctx, .o = o, .err = err ? err : &local };
	json_t *rep = NULL;
	int rc;

	*out = NULL;
	err = r.err;
	const struct report_def *def = report_def_find(name);
	if (!def) {
		rc = fc_fail(err, FC_EINVAL, "report", "no report '%.64s' (one of:"
			     REPORT_NAMES ")", name ? name : "");
		goto out;
	}
	ctx_today(ctx, r.today);
	if ((rc = date_opt(&r, "from", o->from, r.from, 0)) ||
	    (rc = date_opt(&r, "to", o->to, r.to_next, 1)))
		goto out;
	if (o->from && o->to && strcmp(o->from, o->to) > 0) {
		rc = fc_fail(err, FC_EINVAL, "from", "'from' %s is after 'to' %s",
			     o->from, o->to);
		goto out;
	}
	if (o->backtest && !(def->flags & REPORT_BACKTEST)) {
		char names[128] = "";
		for (const struct report_def *d = report_defs; d->name; d++)
			if (d->flags & REPORT_BACKTEST)
				snprintf(names + strlen(names), sizeof(names) -
					 strlen(names), "%s'%s'", names[0] ? ", " : "",
					 d->name);
		rc = fc_fail(err, FC_EINVAL, "backtest",
			     "'backtest' only applies to report %s", names);
		goto out;
	}
	if ((rc = report_backtest_dates(&r)))
		goto out;
	if (o->process &&
	    (rc = process_id_find(ctx, o->process, &r.process_id, err)))
		goto out;
	rep = json_object();
	json_object_set_new(rep, "report", json_string(name));
	json_object_set_new(rep, "params", params_json(&r, name));
	json_object_set_new(rep, "rows", json_array());
	json_object_set_new(rep, "totals", json_object());

	if ((def->flags & REPORT_STEPS) && (rc = steps_load(&r)))
		goto out;
	if ((rc = convert_load(ctx, &r.cv, err)) || (rc = def->run(&r, rep)))
		goto out;
	convert_report(r.cv, rep);
out:
	convert_free(r.cv);
	free(r.steps);
	free(r.ats);
	if (rc) {
		json_decref(rep);
		return rc;
	}
	*out = rep;
	return 0;
}
