/* What the report files share: the run state (scope, period, today), the
 * SQL fragments that restrict rows to it, the steps of the processes in
 * view, and JSON helpers. Only src/core/report*.c include this. */
#ifndef FC_CORE_REPORT_INTERNAL_H
#define FC_CORE_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "core/convert.h"
#include "core/money.h"
#include "core/query.h"
#include "core/report/report.h"
#include "util/date.h"

struct report_step {
	int64_t process_id;
	char process[64];
	char key[64];
	char name[128];
	char phase[16];
	int64_t position;
	int64_t probability;	/* percent */
};

struct report_run {
	struct fc_ctx *ctx;
	const struct report_opts *o;
	struct fc_error *err;
	int64_t process_id;	/* 0: every process */
	char from[DATE_LEN];	/* "" when unbounded */
	char to_next[DATE_LEN];	/* the day after --to; "" when unbounded */
	char today[DATE_LEN];
	char at[DATE_LEN];	/* backtest date (the first); "" otherwise */
	char (*ats)[DATE_LEN];	/* every backtest date, in order */
	size_t nats;
	int dates_by_period;	/* --every: from and to bound the dates */
	struct report_step *steps;
	size_t nsteps;
	struct convert *cv;	/* to the base currency; says what it used */
};

/* " AND ALIAS.x ..." restricting ALIAS (deals, or a rollup keyed by owner
 * and process) to the run's scope: the organisation, the user's owners (a
 * rep: self; a manager: the team; an admin: all), --owner, --team,
 * --process. */
void report_deal_scope(struct qb *q, struct report_run *r, const char *alias);
/* " AND ALIAS.owner_id ..." alone: the user's owners, --owner, --team
 * (for rows that have an owner but no process, such as referrals). */
void report_owner_scope(struct qb *q, struct report_run *r, const char *alias);
/* " AND COL >= from AND COL < to_next" for the bounds that are set. */
void report_period(struct qb *q, struct report_run *r, const char *col);
/* The same for a rollup's day column, where '' stands for no time (which
 * no bounded period holds). */
void report_period_day(struct qb *q, struct report_run *r, const char *col);

/* The date an amount of deal ALIAS converts at (convert.h), as an SQL
 * expression: the day it closed for a closed deal, else its close date,
 * else '' (today). */
void report_rate_day(struct qb *q, const char *alias);
/* Converts MINOR units of CURRENCY (COUNT deals) dated DAY with r->cv: 1
 * and *OUT (minor units of the base), or 0 when no rate converts it (it is
 * listed apart). */
int report_convert(struct report_run *r, const char *currency, const char *day,
		   int64_t minor, int64_t count, int64_t *out);

/* The step of PROCESS_ID with KEY, or NULL. */
const struct report_step *report_step_find(const struct report_run *r,
					   int64_t process_id, const char *key);

/* Prepares Q, or fills r->err from the database and returns NULL. */
struct db_stmt *report_prepare(struct report_run *r, struct qb *q);
/* After a db_step() < 0: fills r->err and returns its code. */
int report_step_error(struct report_run *r);

json_t *report_rate(int64_t num, int64_t den);	/* null when den is 0 */
int64_t report_div_round(int64_t num, int64_t den);	/* half away from 0 */

/* " AND ..." keeping, of the rollup rows aliased `fe` (report_entries,
 * report_starts), a deal's first entry in the period (the funnel's rule). */
void report_first_entry(struct qb *q, struct report_run *r);
/* Closes Q's "WITH hist AS (SELECT g1, g2, hours, c ..." into rows of
 * g1, g2, n, median hours, p90 hours (nearest rank; the velocity report's). */
void report_pct_wrap(struct qb *q);

/* The process habits (habits.c; docs/reports.md "Habits"), as SQL on the
 * aliases given: whether interaction I ended in an agreement or an honest
 * none; whether event E is a forced move; whether stay S was entered with a
 * want recorded; whether next step N was done leaving the deal without
 * one. */
void report_talk_kept(struct qb *q, const char *i);
void report_forced_event(struct qb *q, const char *e);
void report_wants_first(struct qb *q, const char *s);
void report_next_gap(struct qb *q, const char *n);
/* Sets ROW's LOW and HIGH to the 95 % Wilson score interval of K of N
 * (null when N is 0). */
void report_wilson(int64_t k, int64_t n, json_t *row, const char *low,
		   const char *high);
/* Counts below this are flagged "small": read them with their interval. */
#define REPORT_SMALL_N 10
/* The backtest's dates from o->at (one date, or several separated by
 * commas) or o->every with from and to, into r->ats (freed by the
 * caller) and r->at: FC_EINVAL naming what is wrong. */
int report_backtest_dates(struct report_run *r);

int report_forecast(struct report_run *r, json_t *rep);
int report_coaching(struct report_run *r, json_t *rep);
int report_adherence(struct report_run *r, json_t *rep);
int report_disqualified(struct report_run *r, json_t *rep);
int report_referrals(struct report_run *r, json_t *rep);

#endif
