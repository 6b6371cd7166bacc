/* Reports of SPEC.md §4: how well the team follows the process and what it
 * will close. Each report is a few aggregate queries the database answers
 * (never a scan of every row in C) or read from the rollups history.c
 * keeps, restricted to the acting user's owners (a rep: their own; a
 * manager: the team's; an admin: all). Definitions, with the SQL that
 * recomputes them: docs/reports.md. */
#ifndef FC_CORE_REPORT_H
#define FC_CORE_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

/* Strength of every shrinkage of the forecast's learned model: K
 * pseudo-observations at the rate of the level above (team, step, fixed
 * forecast); docs/reports.md, "The learned model". */
#define REPORT_PRIOR_K 10

struct report_opts {
	int64_t owner_id;	/* 0: every owner in view */
	const char *team;	/* NULL: every team */
	const char *process;	/* process key; NULL: every process */
	const char *from;	/* "YYYY-MM-DD" inclusive; NULL: no bound */
	const char *to;		/* "YYYY-MM-DD" inclusive; NULL: no bound */
	const char *at;		/* forecast backtest date "YYYY-MM-DD", or
				 * several separated by commas */
	const char *every;	/* "month": backtest dates from FROM to TO */
	int backtest;		/* forecast only: replay history as of AT */
};

/* Every report, once: X(NAME, FLAGS, TITLE, LABEL, VALUE, VALUE2, EXTRA,
 * SUMMARY). The report table below, report_run()'s dispatch, `fulcrum
 * report` and its help, the HTTP routes and their documentation, and the web
 * UI's report pages (through GET /api/v1/reports) all derive from this
 * list; adding a report adds a row here and its function report_NAME in
 * core/report/. TITLE is what people call it; LABEL and VALUE are the row
 * fields a chart draws (one bar per row), VALUE2 a second series worth
 * drawing beside VALUE (or NULL); EXTRA another array of the report worth
 * printing, or several named apart by a space (with REPORT_TIMELINE, the
 * rows a chart draws over time);
 * SUMMARY what it shows (docs/reports.md defines every number). */
#define REPORT_LIST(X) \
	X(pipeline, REPORT_STEPS, "Pipeline", "step", "value_minor", \
	  "weighted_minor", NULL, \
	  "open deals per step, their value and weighted value") \
	X(funnel, REPORT_STEPS, "Funnel", "step", "entered", "advanced", NULL, \
	  "deals entering each step, advancing, lost, won") \
	X(velocity, REPORT_STEPS, "Velocity", "step", "median_days", \
	  "p90_days", NULL, "how long deals stay in each step") \
	X(winrate, 0, "Win rate", "owner", "win_rate", NULL, "lost_reasons", \
	  "won and lost per owner, and why deals were lost") \
	X(agreements, REPORT_TIMELINE, "Agreement rate", "owner", \
	  "agreement_rate", NULL, "months", \
	  "interactions ending with an agreed next step, per owner") \
	X(discipline, 0, "Discipline", "owner", "coverage", NULL, NULL, \
	  "open deals with a next step, promises overdue and missed, planned and reactive interactions") \
	X(followup, 0, "Follow-up", "owner", "compliance", NULL, NULL, \
	  "satisfaction checks done, referrals and expansion") \
	X(referrals, 0, "Referrals", "contact_name", "won_minor", NULL, "accounts", \
	  "who refers, what their referrals brought, referred deals' win rate") \
	X(forecast, REPORT_STEPS | REPORT_BACKTEST, "Forecast", "month", \
	  "expected_learned_minor", "expected_fixed_minor", "probabilities", \
	  "expected value per month; --backtest replays a past date") \
	X(disqualified, 0, "Disqualified", "reason", "deals", NULL, "deals", \
	  "deals disqualified, not lost, per reason: outside the win rate") \
	X(coaching, REPORT_STEPS, "Coaching", "step", "conversion", \
	  "team_conversion", "habits weakest", \
	  "per rep: conversion and days per step beside the team's, habits, the weakest step") \
	X(adherence, REPORT_STEPS, "Adherence", "step", "win_rate", NULL, \
	  "overall", "deals that followed the process against the others: win rate and cycle time")

enum report_flags {
	REPORT_STEPS = 1 << 0,		/* works on the steps in view */
	REPORT_BACKTEST = 1 << 1,	/* takes backtest and at */
	REPORT_TIMELINE = 1 << 2,	/* EXTRA holds its rows over time */
};

/* " pipeline funnel ...": the names as one string constant, in order. */
#define REPORT_NAME_WORD(name, flags, title, label, value, value2, extra, \
			 summary) " " #name
#define REPORT_NAMES REPORT_LIST(REPORT_NAME_WORD)

struct report_run;

struct report_def {
	const char *name;
	int (*run)(struct report_run *r, json_t *rep);
	unsigned flags;			/* enum report_flags */
	const char *const *columns;	/* the fields of its rows, in order */
	const char *const *backtest_columns;	/* the same with backtest */
	const char *title, *label, *value, *value2, *extra, *summary;
					/* see REPORT_LIST */
};

/* The reports of REPORT_LIST, in its order, ending with a NULL name. */
extern const struct report_def report_defs[];
/* The report named NAME, or NULL. */
const struct report_def *report_def_find(const char *name);

/* Runs report NAME for ctx->user with the filters of O and sets *OUT to a
 * new object {"report", "params", "rows", "totals", ...} (the caller owns
 * it). FC_EINVAL for an unknown name or a malformed date, FC_ENOTFOUND for
 * an unknown process, FC_ESTORE when the database fails; *OUT is NULL then. */
/* The reports as data, for a front end to list: {"items": [{name, title,
 * summary, label, series, extra, timeline, steps, backtest, columns}]},
 * in REPORT_LIST's order. */
json_t *report_list_json(void);

int report_run(struct fc_ctx *ctx, const char *name,
	       const struct report_opts *o, json_t **out, struct fc_error *err);


#endif
