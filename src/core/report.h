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

/* Strength of the Beta prior of the forecast's learned probabilities: a
 * step's learned rate is (won + K * fixed) / (closed + K). */
#define REPORT_PRIOR_K 10

struct report_opts {
	int64_t owner_id;	/* 0: every owner in view */
	const char *team;	/* NULL: every team */
	const char *process;	/* process key; NULL: every process */
	const char *from;	/* "YYYY-MM-DD" inclusive; NULL: no bound */
	const char *to;		/* "YYYY-MM-DD" inclusive; NULL: no bound */
	const char *at;		/* forecast backtest date "YYYY-MM-DD" */
	int backtest;		/* forecast only: replay history as of AT */
};

/* The report names, NULL-terminated, in the order `fulcrum help` lists them. */
extern const char *const report_names[];

/* Runs report NAME for ctx->user with the filters of O and sets *OUT to a
 * new object {"report", "params", "rows", "totals", ...} (the caller owns
 * it). FC_EINVAL for an unknown name or a malformed date, FC_ENOTFOUND for
 * an unknown process, FC_ESTORE when the database fails; *OUT is NULL then. */
int report_run(struct fc_ctx *ctx, const char *name,
	       const struct report_opts *o, json_t **out, struct fc_error *err);

/* The SQL expression for the whole seconds from time text A to time text B
 * (column names or placeholders) in DB's dialect: the one place where the
 * reports' SQL differs between SQLite and PostgreSQL. */
const char *report_sql_seconds(const struct db *db, const char *a,
			       const char *b, char *out, size_t size);

#endif
