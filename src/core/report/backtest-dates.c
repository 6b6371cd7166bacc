/* The dates a forecast backtest replays: `--at` once or more (the API's
 * at=D1,D2,...), or `--every month --from D --to D`. */
#include <stdlib.h>
#include <string.h>

#include "core/report/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define BACKTEST_DATES_MAX 60	/* five years of months */

static int add_date(struct report_run *r, int32_t days)
{
	if (r->nats == BACKTEST_DATES_MAX)
		return fc_fail(r->err, FC_EINVAL, "at", "a backtest takes at most %d "
			       "dates", BACKTEST_DATES_MAX);
	date_format(days, r->ats[r->nats++]);
	return 0;
}

static int32_t month_days(int y, unsigned m)
{
	return m == 12 ? 31 : days_from_civil(y, m + 1, 1) - days_from_civil(y, m, 1);
}

/* FROM, then the same day of each month after it (the month's last when
 * it has fewer days) up to TO. */
static int monthly(struct report_run *r, const char *from, const char *to)
{
	int32_t a, b;
	int y;
	unsigned m, d;
	int rc;
	if (date_parse(from, &a) || date_parse(to, &b))
		return 0;	/* the period's own check says which */
	civil_from_days(a, &y, &m, &d);
	for (int32_t month = y * 12 + (int32_t)m - 1;; month++) {
		int yy = month / 12;
		unsigned mm = (unsigned)(month % 12) + 1;
		int32_t len = month_days(yy, mm);
		int32_t day = days_from_civil(yy, mm, (int32_t)d > len ? (unsigned)len : d);
		if (day > b)
			return 0;
		if ((rc = add_date(r, day)))
			return rc;
	}
}

static int listed(struct report_run *r, const char *list)
{
	const char *p = list;
	int rc;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char d[DATE_LEN];
		int32_t days;
		if (n != 10 || (memcpy(d, p, 10), d[10] = '\0', date_parse(d, &days)))
			return fc_fail(r->err, FC_EINVAL, "at", "'at' is not a date "
				       "(YYYY-MM-DD): '%.*s'", (int)(n > 40 ? 40 : n), p);
		if ((rc = add_date(r, days)))
			return rc;
		if (!end)
			return 0;
		p = end + 1;
	}
}

int report_backtest_dates(struct report_run *r)
{
	const struct report_opts *o = r->o;
	int rc;

	r->nats = 0;
	r->at[0] = '\0';
	if (!o->backtest) {
		if (o->at)
			return fc_fail(r->err, FC_EINVAL, "at", "'at' only applies with "
				       "'backtest'");
		if (o->every)
			return fc_fail(r->err, FC_EINVAL, "every", "'every' only applies "
				       "with 'backtest'");
		return 0;
	}
	if (o->at && o->every)
		return fc_fail(r->err, FC_EINVAL, "every", "'at' or 'every', not both");
	if (!o->at && !o->every)
		return fc_fail(r->err, FC_EINVAL, "at", "'backtest' needs a date: 'at' "
			       "(or 'every' month with 'from' and 'to')");
	r->ats = xcalloc(BACKTEST_DATES_MAX, sizeof(*r->ats));
	if (o->every) {
		if (strcmp(o->every, "month"))
			return fc_fail(r->err, FC_EINVAL, "every", "'every' takes "
				       "'month': '%.40s'", o->every);
		if (!o->from || !o->to)
			return fc_fail(r->err, FC_EINVAL, o->from ? "to" : "from",
				       "'every' needs 'from' and 'to'");
		r->dates_by_period = 1;
		rc = monthly(r, o->from, o->to);
	} else {
		rc = listed(r, o->at);
	}
	if (!rc)
		snprintf(r->at, sizeof(r->at), "%s", r->ats[0]);
	return rc;
}
