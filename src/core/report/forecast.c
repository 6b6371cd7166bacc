/* The forecast: expected revenue per month of the deals open today (or,
 * with --backtest, on each of its dates), with each step's fixed
 * probability placed in the deal's close month, and with the learned model
 * of forecast-model.c, which spreads a deal's chances over the coming
 * months from the team's history of stays. One pass over the stays read
 * up to the date both teaches the model and finds the deals open on it;
 * the backtest then scores both against what was won, month by month,
 * with a calibration table and the Brier score. Defined in
 * docs/reports.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/report/forecast-model.h"
#include "core/report/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define SNAPSHOTS_MAX 120	/* months of history the model looks back */
#define DEAL_STAYS_MAX 512	/* a deal's stays kept (its latest) */
#define CAL_BANDS 10		/* calibration bands of 10 points */
#define NO_DAY INT32_MAX	/* a stay not left (before the date) */
#define NO_MONTH INT32_MIN

struct fmonth {
	int32_t month;		/* year * 12 + month - 1; NO_MONTH: no close date */
	int64_t deals, value;
	int64_t fixed_num;	/* sum of value * fixed percent */
	double learned;		/* sum of value * learned probability */
	int64_t actual;		/* backtest: value won in the month */
	int scored;		/* backtest: inside the compared months */
};

struct stay {
	int step;		/* index in r->steps, -1 when none */
	int64_t owner;
	int32_t in, out;	/* days entered and left (NO_DAY) */
	int won;		/* entered by winning */
	int closes;		/* left by a loss or a disqualification */
};

struct cal {			/* one calibration band of one model */
	int64_t deals, won;
	double predicted;
};

/* What the backtests add up over their dates. */
struct fsum {
	int64_t months, deals;
	int64_t abs_fix, abs_learn, err_fix, err_learn, actual;
	double brier_fix, brier_learn;	/* sums of squared errors */
	int64_t brier_deals;
	struct cal cal[2][CAL_BANDS];	/* fixed, learned */
};

struct fc {
	struct report_run *r;
	struct fm model;
	int bt;
	int32_t day;		/* the date forecast from, as days */
	int32_t month0;		/* its month */
	int32_t last;		/* backtest: the last month scored (today's) */
	char bound[DATE_LEN];	/* what is read entered before it */
	int32_t snaps[SNAPSHOTS_MAX];	/* past dates seen, oldest first */
	int nsnaps;
	/* the deal being read */
	int64_t deal;
	struct stay *st;
	size_t nst, stalloc;
	int64_t value;		/* in its currency */
	char currency[8], rate_day[DATE_LEN];
	int32_t fixed_month;	/* NO_MONTH without a close date */
	int32_t won_month;	/* backtest: won since the date, else NO_MONTH */
	int in_period;
	/* the deals open on the date */
	struct odeal {
		int step, band;
		int64_t owner, value;
		int32_t fixed_month, won_month;
	} *open;
	size_t nopen, oalloc;
	struct fmonth *m;
	size_t nm, m_alloc;
};

static int32_t month_of(int32_t days)
{
	int y;
	unsigned mo, d;
	civil_from_days(days, &y, &mo, &d);
	return y * 12 + (int32_t)mo - 1;
}

/* Days of "YYYY-MM-DD..." (a date or a time); NO_DAY when it is none. */
static int32_t day_of(const char *s)
{
	char d[DATE_LEN];
	int32_t days;
	if (!s || strlen(s) < 10)
		return NO_DAY;
	memcpy(d, s, 10);
	d[10] = '\0';
	return date_parse(d, &days) ? NO_DAY : days;
}

static struct fmonth *month_get(struct fc *f, int32_t month)
{
	for (size_t i = 0; i < f->nm; i++)
		if (f->m[i].month == month)
			return &f->m[i];
	ALLOC_GROW(f->m, f->nm + 1, f->m_alloc);
	struct fmonth *m = &f->m[f->nm++];
	memset(m, 0, sizeof(*m));
	m->month = month;
	return m;
}

static int month_cmp(const void *a, const void *b)
{
	const struct fmonth *x = a, *y = b;
	if (x->month == NO_MONTH || y->month == NO_MONTH)	/* unscheduled last */
		return (x->month == NO_MONTH) - (y->month == NO_MONTH);
	return (x->month > y->month) - (x->month < y->month);
}

/* The snapshots: the same day of the month as the date (the 28th at the
 * latest), in each of the SNAPSHOTS_MAX months before it. */
static void snapshots(struct fc *f)
{
	int y;
	unsigned mo, d;
	civil_from_days(f->day, &y, &mo, &d);
	if (d > 28)
		d = 28;
	f->nsnaps = SNAPSHOTS_MAX;
	for (int j = 1; j <= SNAPSHOTS_MAX; j++) {
		int32_t m = y * 12 + (int32_t)mo - 1 - j;
		f->snaps[SNAPSHOTS_MAX - j] =
			days_from_civil(m / 12, (unsigned)(m % 12) + 1, d);
	}
}

/* What happened to the deal after day T, from stay I (open on T) on: the
 * first win or closing, and the day of it; FM_OPEN when none was read. */
static enum fm_outcome outcome(const struct fc *f, size_t i, int32_t t,
			       int32_t *when)
{
	for (size_t j = i; j < f->nst; j++) {
		const struct stay *s = &f->st[j];
		if (j > i && s->won && s->in >= t) {
			*when = s->in;
			return FM_WON;
		}
		if (s->closes && s->out != NO_DAY && s->out >= t) {
			*when = s->out;
			return FM_LOST;
		}
	}
	return FM_OPEN;
}

/* The stay of the deal open at the start of day T, or -1. */
static long open_on(const struct fc *f, int32_t t)
{
	for (size_t i = f->nst; i-- > 0;)
		if (f->st[i].in < t && (f->st[i].out == NO_DAY || f->st[i].out >= t))
			return (long)i;
	return -1;
}

/* The deal read: what each snapshot saw it do, and whether it is open on
 * the date. */
static void deal_done(struct fc *f)
{
	if (!f->nst)
		return;
	int32_t first = f->st[0].in;
	for (int j = 0; j < f->nsnaps; j++) {
		int32_t t = f->snaps[j];
		if (t <= first)
			continue;
		long i = open_on(f, t);
		if (i < 0 || f->st[i].won || f->st[i].step < 0)
			continue;
		int32_t when = 0;
		enum fm_outcome out = outcome(f, (size_t)i, t, &when);
		int32_t mt = month_of(t);
		fm_observe(&f->model, (size_t)f->st[i].step,
			   fm_band(t - f->st[i].in), f->st[i].owner, out,
			   out == FM_OPEN ? 0 : month_of(when) - mt, f->month0 - mt);
	}
	const struct stay *s = &f->st[f->nst - 1];
	int64_t value;
	/* only an open deal's value converts: a closed one teaches, and a
	 * currency without a rate is listed apart only for what is summed */
	if (s->out != NO_DAY || s->won || !f->in_period ||
	    !report_convert(f->r, f->currency, f->rate_day, f->value, 1, &value))
		goto out;
	ALLOC_GROW(f->open, f->nopen + 1, f->oalloc);
	f->open[f->nopen++] = (struct odeal){ s->step, fm_band(f->day - s->in),
		s->owner, value, f->fixed_month, f->won_month };
out:
	f->nst = 0;
}

/* The period (--from, --to) selects the open deals by close date. */
static int in_period(const struct report_run *r, const char *close)
{
	if (r->dates_by_period || (!r->from[0] && !r->to_next[0]))
		return 1;
	return close && (!r->from[0] || strcmp(close, r->from) >= 0) &&
	       (!r->to_next[0] || strcmp(close, r->to_next) < 0);
}

/* (deal, process, step, owner, entered_at, entered_by, left_at,
 * left_by, value, currency, rate day, close date, won at), a deal's stays
 * together in their order */
static void stay_row(struct fc *f, struct db_stmt *st)
{
	struct report_run *r = f->r;
	int64_t deal = db_col_int(st, 0);
	if (deal != f->deal) {
		deal_done(f);
		f->deal = deal;
		const char *close = db_col_is_null(st, 11) ? NULL : db_col_text(st, 11);
		f->value = db_col_is_null(st, 8) ? 0 : db_col_int(st, 8);
		snprintf(f->currency, sizeof(f->currency), "%s", db_col_text(st, 9));
		snprintf(f->rate_day, sizeof(f->rate_day), "%s", db_col_text(st, 10));
		f->fixed_month = close ? month_of(day_of(close)) : NO_MONTH;
		if (f->fixed_month != NO_MONTH && f->fixed_month < f->month0)
			f->fixed_month = f->month0;	/* overdue, not lost */
		const char *won = db_col_is_null(st, 12) ? NULL : db_col_text(st, 12);
		f->won_month = f->bt && won && day_of(won) >= f->day ?
			       month_of(day_of(won)) : NO_MONTH;
		f->in_period = in_period(r, close);
	}
	if (f->nst == DEAL_STAYS_MAX) {	/* keep the latest */
		memmove(f->st, f->st + 1, (f->nst - 1) * sizeof(*f->st));
		f->nst--;
	}
	ALLOC_GROW(f->st, f->nst + 1, f->stalloc);
	const struct report_step *s = report_step_find(r, db_col_int(st, 1),
						       db_col_text(st, 2));
	const char *left_by = db_col_is_null(st, 7) ? "" : db_col_text(st, 7);
	f->st[f->nst++] = (struct stay){
		.step = s ? (int)(s - r->steps) : -1,
		.owner = db_col_int(st, 3),
		.in = day_of(db_col_text(st, 4)),
		.out = db_col_is_null(st, 6) ? NO_DAY : day_of(db_col_text(st, 6)),
		.won = !strcmp(db_col_text(st, 5), "won"),
		.closes = !strcmp(left_by, "lost") || !strcmp(left_by, "disqualified"),
	};
}

/* One pass over the stays entered before f->bound, in the deal scope,
 * each deal's together in their order, what was left after it read as
 * not yet left. Read in the order of the deal_steps_deal index (org,
 * deal, event), which needs no sort; "|| ''" keeps the planner from
 * taking the entered_at index instead, which reads the same rows at
 * random and then sorts them all (several times the cost). */
static int read_stays(struct fc *f)
{
	struct report_run *r = f->r;
	struct qb q;
	int rc;

	qb_init(&q);
	qb_sql(&q, "SELECT ds.deal_id, ds.process_id, ds.step, ds.owner_id, "
	       "ds.entered_at, ds.entered_by, CASE WHEN ds.left_at < ? THEN "
	       "ds.left_at END, CASE WHEN ds.left_at < ? THEN ds.left_by END, "
	       "d.value_cents, d.currency, CASE WHEN d.currency = ? THEN '' "
	       "ELSE ");
	qb_text(&q, f->bound);
	qb_text(&q, f->bound);
	qb_text(&q, convert_base(r->cv));
	report_rate_day(&q, "d");
	qb_sql(&q, " END, d.close_date, CASE WHEN d.status = 'won' THEN "
	       "d.closed_at END FROM deal_steps ds JOIN deals d ON d.org_id = "
	       "ds.org_id AND d.id = ds.deal_id WHERE ds.org_id = ? AND "
	       "ds.entered_at || '' < ? AND d.created_at < ?");
	qb_int(&q, r->ctx->org_id);
	qb_text(&q, f->bound);
	qb_text(&q, f->bound);
	report_deal_scope(&q, r, "d");
	qb_sql(&q, " ORDER BY ds.deal_id, ds.event_id");

	struct db_stmt *st = report_prepare(r, &q);
	qb_release(&q);
	if (!st)
		return r->err->code;
	while ((rc = db_step(st)) > 0)
		stay_row(f, st);
	if (rc < 0)
		rc = report_step_error(r);
	db_done(st);
	deal_done(f);
	return rc;
}

/* The share of a step's learned forecast that is the model's, the rest
 * being the fixed forecast: seen / (seen + k). */
static double model_weight(const struct fc *f, int step)
{
	int64_t seen, won, lost;
	fm_step_counts(&f->model, (size_t)step, &seen, &won, &lost);
	return (double)seen / ((double)seen + REPORT_PRIOR_K);
}

static void cal_add(struct cal *c, double p, int won)
{
	int b = (int)(p * CAL_BANDS);
	if (b >= CAL_BANDS)
		b = CAL_BANDS - 1;
	if (b < 0)
		b = 0;
	c[b].deals++;
	c[b].won += won;
	c[b].predicted += p;
}

/* The open deals' expected values per month; with the backtest, what they
 * won, and each deal's chance of being won by today against whether it
 * was (calibration, Brier). */
static void forecast_deals(struct fc *f, struct fsum *sum)
{
	for (size_t i = 0; i < f->nopen; i++) {
		const struct odeal *d = &f->open[i];
		/* each month's pointer is used before the next month_get(),
		 * which may move them all */
		if (d->won_month != NO_MONTH) {
			struct fmonth *wm = month_get(f, d->won_month);
			wm->actual = money_add(wm->actual, d->value);
		}
		struct fmonth *fm = month_get(f, d->fixed_month);
		fm->deals++;
		fm->value = money_add(fm->value, d->value);
		if (d->step < 0)
			continue;	/* in no step: nothing expected */
		const struct report_step *s = &f->r->steps[d->step];
		double fixed = (double)s->probability / 100.0, p[FM_HORIZON];
		double w = model_weight(f, d->step), by_today = 0;
		fm->fixed_num = money_add(fm->fixed_num,
					  money_mul(d->value, s->probability));
		fm->learned += (double)d->value * (1 - w) * fixed;
		fm = NULL;
		fm_predict(&f->model, (size_t)d->step, d->band, d->owner, p);
		for (int k = 0; k < FM_HORIZON; k++) {
			month_get(f, f->month0 + k)->learned += (double)d->value * w * p[k];
			if (f->month0 + k <= f->last)
				by_today += p[k];
		}
		if (!f->bt)
			continue;
		double pf = d->fixed_month != NO_MONTH && d->fixed_month <= f->last ?
			    fixed : 0;
		double pl = w * by_today + (1 - w) * pf;
		int won = d->won_month != NO_MONTH;
		cal_add(sum->cal[0], pf, won);
		cal_add(sum->cal[1], pl, won);
		sum->brier_fix += (pf - won) * (pf - won);
		sum->brier_learn += (pl - won) * (pl - won);
		sum->brier_deals++;
	}
}

static json_t *month_json(int32_t month)
{
	if (month == NO_MONTH)
		return json_null();
	char s[16];
	snprintf(s, sizeof(s), "%04d-%02d", (int)(month / 12) % 10000,
		 (int)(month % 12) + 1);
	return json_string(s);
}

static json_t *probabilities_json(struct fc *f)
{
	json_t *a = json_array();
	for (size_t i = 0; i < f->r->nsteps; i++) {
		const struct report_step *s = &f->r->steps[i];
		int64_t seen, won, lost;
		double p[FM_HORIZON], total = 0, w = model_weight(f, (int)i);
		fm_step_counts(&f->model, i, &seen, &won, &lost);
		fm_predict(&f->model, i, 0, 0, p);
		for (int k = 0; k < FM_HORIZON; k++)
			total += p[k];
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:f, s:I, s:I, "
			"s:I, s:f}", "process", s->process, "step", s->key,
			"position", (json_int_t)s->position,
			"fixed", (double)s->probability / 100.0,
			"seen", (json_int_t)seen, "won", (json_int_t)won,
			"lost", (json_int_t)lost,
			"learned", w * total + (1 - w) * s->probability / 100.0));
	}
	return a;
}

static int64_t saturate(double v)
{
	/* a double beyond int64_t has no integer */
	return v >= 9.2e18 ? INT64_MAX : v <= -9.2e18 ? INT64_MIN : (int64_t)llround(v);
}

/* The forecast from AT (a backtest date, or NULL: today), its rows added
 * to ROWS and its sums to SUM and T (totals); the backtest's per-date
 * figures in *BT. */
static int forecast_from(struct report_run *r, const char *at, json_t *rows,
			 json_t *t, struct fsum *sum, json_t **bt, json_t **probs)
{
	struct fc f = { .r = r, .bt = at != NULL, .deal = -1 };
	struct fsum one = { 0 };
	int64_t deals = 0, value = 0, efix = 0, elearn = 0;
	int rc;

	f.day = day_of(at ? at : r->today);
	f.month0 = month_of(f.day);
	f.last = month_of(day_of(r->today));
	/* today's forecast reads all of today; a backtest what came before */
	date_format(at ? f.day : f.day + 1, f.bound);
	snapshots(&f);
	fm_init(&f.model, r->nsteps, REPORT_PRIOR_K);
	if ((rc = read_stays(&f)))
		goto out;
	fm_fit(&f.model);
	forecast_deals(&f, &one);
	for (int32_t m = f.month0; f.bt && m <= f.last; m++)
		month_get(&f, m)->scored = 1;	/* nothing either way: exact */
	if (f.nm)
		qsort(f.m, f.nm, sizeof(*f.m), month_cmp);

	for (size_t i = 0; i < f.nm; i++) {
		struct fmonth *m = &f.m[i];
		int64_t fix = report_div_round(m->fixed_num, 100);
		int64_t learn = saturate(m->learned);
		if (!m->scored && !m->deals && !fix && !learn)
			continue;	/* a month ahead nothing reaches */
		json_t *row = json_object();
		if (f.bt)
			json_object_set_new(row, "at", json_string(at));
		json_object_set_new(row, "month", month_json(m->month));
		json_object_set_new(row, "deals", json_integer(m->deals));
		json_object_set_new(row, "value_minor", json_integer(m->value));
		json_object_set_new(row, "expected_fixed_minor", json_integer(fix));
		json_object_set_new(row, "expected_learned_minor",
				    json_integer(learn));
		deals = money_add(deals, m->deals);
		value = money_add(value, m->value);
		efix = money_add(efix, fix);
		elearn = money_add(elearn, learn);
		if (f.bt) {
			int sc = m->scored && m->month != NO_MONTH;
			int64_t ef = money_add(fix, -m->actual);
			int64_t el = money_add(learn, -m->actual);
			json_object_set_new(row, "actual_won_minor", sc ?
					    json_integer(m->actual) : json_null());
			json_object_set_new(row, "error_fixed_minor", sc ?
					    json_integer(ef) : json_null());
			json_object_set_new(row, "error_learned_minor", sc ?
					    json_integer(el) : json_null());
			if (sc) {
				one.months++;
				one.actual = money_add(one.actual, m->actual);
				one.err_fix = money_add(one.err_fix, ef);
				one.err_learn = money_add(one.err_learn, el);
				one.abs_fix = money_add(one.abs_fix, ef < 0 ? -ef : ef);
				one.abs_learn = money_add(one.abs_learn, el < 0 ? -el : el);
			}
		}
		json_array_append_new(rows, row);
	}
	one.deals = deals;
	json_object_set_new(t, "deals", json_integer(money_add(
		json_integer_value(json_object_get(t, "deals")), deals)));
	json_object_set_new(t, "value_minor", json_integer(money_add(
		json_integer_value(json_object_get(t, "value_minor")), value)));
	json_object_set_new(t, "expected_fixed_minor", json_integer(money_add(
		json_integer_value(json_object_get(t, "expected_fixed_minor")), efix)));
	json_object_set_new(t, "expected_learned_minor", json_integer(money_add(
		json_integer_value(json_object_get(t, "expected_learned_minor")),
		elearn)));
	if (f.bt) {
		*bt = json_pack("{s:s, s:I, s:I, s:I}", "at", at, "deals",
				(json_int_t)deals, "months_compared",
				(json_int_t)one.months, "actual_won_minor",
				(json_int_t)one.actual);
		json_object_set_new(*bt, "mae_fixed_minor", one.months ?
			json_integer(report_div_round(one.abs_fix, one.months)) :
			json_null());
		json_object_set_new(*bt, "mae_learned_minor", one.months ?
			json_integer(report_div_round(one.abs_learn, one.months)) :
			json_null());
		json_object_set_new(*bt, "total_error_fixed_minor",
				    json_integer(one.err_fix));
		json_object_set_new(*bt, "total_error_learned_minor",
				    json_integer(one.err_learn));
		json_object_set_new(*bt, "brier_fixed", one.brier_deals ?
			json_real(one.brier_fix / (double)one.brier_deals) : json_null());
		json_object_set_new(*bt, "brier_learned", one.brier_deals ?
			json_real(one.brier_learn / (double)one.brier_deals) :
			json_null());
		sum->months += one.months;
		sum->actual = money_add(sum->actual, one.actual);
		sum->abs_fix = money_add(sum->abs_fix, one.abs_fix);
		sum->abs_learn = money_add(sum->abs_learn, one.abs_learn);
		sum->err_fix = money_add(sum->err_fix, one.err_fix);
		sum->err_learn = money_add(sum->err_learn, one.err_learn);
		sum->brier_fix += one.brier_fix;
		sum->brier_learn += one.brier_learn;
		sum->brier_deals += one.brier_deals;
		for (int mdl = 0; mdl < 2; mdl++)
			for (int b = 0; b < CAL_BANDS; b++) {
				struct cal *c = &sum->cal[mdl][b];
				c->deals += one.cal[mdl][b].deals;
				c->won += one.cal[mdl][b].won;
				c->predicted += one.cal[mdl][b].predicted;
			}
	}
	json_decref(*probs);
	*probs = probabilities_json(&f);
	rc = 0;
out:
	fm_free(&f.model);
	free(f.st);
	free(f.open);
	free(f.m);
	return rc;
}

static json_t *calibration_json(const struct fsum *s)
{
	static const char *const model[2] = { "fixed", "learned" };
	json_t *a = json_array();
	for (int mdl = 0; mdl < 2; mdl++)
		for (int b = 0; b < CAL_BANDS; b++) {
			const struct cal *c = &s->cal[mdl][b];
			json_t *row = json_pack("{s:s, s:f, s:f, s:I, s:I}", "model",
				model[mdl], "band_from", (double)b / CAL_BANDS,
				"band_to", (double)(b + 1) / CAL_BANDS,
				"deals", (json_int_t)c->deals, "won", (json_int_t)c->won);
			json_object_set_new(row, "predicted", c->deals ?
				json_real(c->predicted / (double)c->deals) : json_null());
			json_object_set_new(row, "observed", report_rate(c->won, c->deals));
			json_array_append_new(a, row);
		}
	return a;
}

int report_forecast(struct report_run *r, json_t *rep)
{
	json_t *rows = json_object_get(rep, "rows");
	json_t *t = json_object_get(rep, "totals");
	json_t *probs = NULL, *bts = json_array();
	struct fsum sum = { 0 };
	int rc = 0;

	if (!r->o->backtest) {
		rc = forecast_from(r, NULL, rows, t, &sum, NULL, &probs);
		goto out;
	}
	for (size_t i = 0; i < r->nats && !rc; i++) {
		json_t *bt = NULL;
		rc = forecast_from(r, r->ats[i], rows, t, &sum, &bt, &probs);
		if (bt)
			json_array_append_new(bts, bt);
	}
	if (rc)
		goto out;
	json_object_set_new(t, "months_compared", json_integer(sum.months));
	json_object_set_new(t, "actual_won_minor", json_integer(sum.actual));
	json_object_set_new(t, "mae_fixed_minor", sum.months ?
		json_integer(report_div_round(sum.abs_fix, sum.months)) : json_null());
	json_object_set_new(t, "mae_learned_minor", sum.months ?
		json_integer(report_div_round(sum.abs_learn, sum.months)) : json_null());
	json_object_set_new(t, "total_error_fixed_minor", json_integer(sum.err_fix));
	json_object_set_new(t, "total_error_learned_minor",
			    json_integer(sum.err_learn));
	json_object_set_new(t, "brier_fixed", sum.brier_deals ?
		json_real(sum.brier_fix / (double)sum.brier_deals) : json_null());
	json_object_set_new(t, "brier_learned", sum.brier_deals ?
		json_real(sum.brier_learn / (double)sum.brier_deals) : json_null());
	json_object_set_new(rep, "backtests", bts);
	bts = NULL;
	json_object_set_new(rep, "calibration", calibration_json(&sum));
out:
	json_decref(bts);
	if (!rc)
		json_object_set_new(rep, "probabilities", probs ? probs : json_array());
	else
		json_decref(probs);
	return rc;
}
