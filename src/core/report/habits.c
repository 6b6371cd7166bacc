/* The process habits of docs/reports.md ("Habits"), each once, as SQL the
 * coaching and adherence reports both build on: a talk that ended in an
 * agreement or an honest none, a forced move, a present entered before any
 * want, a next step done with none to follow. Everything is read from the
 * history (events, deal_steps, next_steps, wants), never from flags kept
 * on the deal. */
#include <math.h>

#include "core/report/internal.h"
#include "util/banned.h"

void report_talk_kept(struct qb *q, const char *i)
{
	/* an agreement, or "no agreement" while the promise the deal
	 * already had stands: open at that moment and not yet due-passed;
	 * an imported talk whose agreement is unknown is no evidence either
	 * way, and never counted against anyone */
	qb_sql(q, "(%s.agreement <> 0 OR %s.agreement_known = 0 OR EXISTS "
	       "(SELECT 1 FROM next_steps hn WHERE hn.org_id = %s.org_id AND "
	       "hn.deal_id = %s.deal_id AND hn.created_at <= %s.at AND "
	       "(hn.done_at IS NULL OR hn.done_at > %s.at) AND hn.due >= "
	       "substr(%s.at, 1, 10)))", i, i, i, i, i, i, i);
}

void report_forced_event(struct qb *q, const char *e)
{
	/* a move past the exit criteria, or a win without the order, that a
	 * manager forced with a reason (deal.h) */
	qb_sql(q, "(%s.action = 'force' OR (%s.action = 'won' AND %s.reason IS "
	       "NOT NULL AND %s.reason <> ''))", e, e, e, e);
}

void report_wants_first(struct qb *q, const char *s)
{
	qb_sql(q, "EXISTS (SELECT 1 FROM wants hw WHERE hw.org_id = %s.org_id AND "
	       "hw.deal_id = %s.deal_id AND hw.created_at <= %s.entered_at)",
	       s, s, s);
}

void report_next_gap(struct qb *q, const char *n)
{
	/* done (kept or replaced) at a time no other next step of the deal
	 * was open: an agreement closes the old one as it opens the new one,
	 * at the same moment, which is no gap */
	qb_sql(q, "(%s.done_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
	       "next_steps hg WHERE hg.org_id = %s.org_id AND hg.deal_id = "
	       "%s.deal_id AND hg.id <> %s.id AND hg.created_at <= %s.done_at AND "
	       "(hg.done_at IS NULL OR hg.done_at > %s.done_at)))",
	       n, n, n, n, n, n);
}

void report_wilson(int64_t k, int64_t n, json_t *row, const char *low,
		   const char *high)
{
	const double z = 1.959963984540054;	/* 95 % */
	if (n <= 0) {
		json_object_set_new(row, low, json_null());
		json_object_set_new(row, high, json_null());
		return;
	}
	double p = (double)k / (double)n, nn = (double)n, z2 = z * z;
	double den = 1.0 + z2 / nn;
	double mid = (p + z2 / (2.0 * nn)) / den;
	double half = z / den * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
	json_object_set_new(row, low, json_real(mid - half < 0 ? 0 : mid - half));
	json_object_set_new(row, high, json_real(mid + half > 1 ? 1 : mid + half));
}
