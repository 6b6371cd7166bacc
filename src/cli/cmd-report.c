/* fulcrum report NAME: the reports of core/report.h as a table (with a bar
 * chart when stdout is a terminal), --csv (the rows) or --json (the whole
 * report). What each number means: docs/reports.md. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/report/report.h"
#include "core/user.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CHART_WIDTH 40	/* cells of the longest bar */
#define LABEL_MAX 24

/* One bar per row, VALUE scaled to the largest, drawn in eighths of a cell
 * so small differences still show. */
static void chart(struct cli *cli, json_t *rows, const char *label,
		  const char *value)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋",
		"▊", "▉" };
	double max = 0;
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row) {
		double v = json_number_value(json_object_get(row, value));
		if (v > max)
			max = v;
	}
	printf("\n%s\n", value);
	json_array_foreach(rows, i, row) {
		json_t *jv = json_object_get(row, value);
		char *l = out_value(cli, row, label);
		double v = json_number_value(jv);
		char *text = out_value(cli, row, value);
		long cells = max > 0 && v > 0 ?
			lround(v / max * CHART_WIDTH * 8) : 0;
		printf("%-*.*s ", LABEL_MAX, LABEL_MAX, l ? l : "(none)");
		for (long k = 0; k < cells / 8; k++)
			fputs("█", stdout);
		fputs(eighths[cells % 8], stdout);
		printf(" %s\n", text ? text : "-");
		free(text);
		free(l);
	}
}

static const char *const backtest_extras[] = { "backtests", "calibration",
	NULL };

static int print_report(struct cli *cli, json_t *rep,
			const struct report_def *v, int backtest)
{
	json_t *rows = json_object_get(rep, "rows");
	const char *const *cols = backtest ? v->backtest_columns : v->columns;

	if (cli->json) {
		out_record(cli, rep);
		return EXIT_OK;
	}
	if (cli->csv) {
		out_list(cli, rows, NULL);
		return EXIT_OK;
	}
	/* amounts of rows without a currency are the report's */
	cli->currency = json_string_value(json_object_get(rep, "currency"));
	out_list(cli, rows, cols);
	printf("\ntotals\n");
	out_record(cli, json_object_get(rep, "totals"));
	/* EXTRA names one array or several, apart by a space */
	for (const char *e = v->extra; e && *e;) {
		size_t len = strcspn(e, " ");
		char key[64];
		snprintf(key, sizeof(key), "%.*s", (int)len, e);
		if (json_array_size(json_object_get(rep, key))) {
			printf("\n%s\n", key);
			out_list(cli, json_object_get(rep, key), NULL);
		}
		e += len + (e[len] == ' ');
	}
	/* a backtest's figures per date and its calibration table */
	for (const char *const *x = backtest_extras; backtest && *x; x++)
		if (json_array_size(json_object_get(rep, *x))) {
			printf("\n%s\n", *x);
			out_list(cli, json_object_get(rep, *x), NULL);
		}
	if (cli->tty && json_array_size(rows))
		chart(cli, rows, v->label, v->value);
	return EXIT_OK;
}

static int run(struct cli *cli, const char *name, const struct opts *o)
{
	struct report_opts ro = { 0 };
	struct fc_error err = { 0 };
	const struct report_def *v = report_def_find(name);
	json_t *rep = NULL;
	int rc;

	if (o->npos)
		return cli_usage(cli, "report", "unexpected argument '%s'", o->pos[0]);
	if (opt_get(o, "owner") &&
	    user_find(&cli->ctx, "owner", opt_get(o, "owner"), &ro.owner_id, &err))
		return cli_fail(cli, &err);
	ro.team = opt_get(o, "team");
	ro.process = opt_get(o, "process");
	ro.from = opt_get(o, "from");
	ro.to = opt_get(o, "to");
	ro.every = opt_get(o, "every");
	ro.backtest = opt_has(o, "backtest");
	/* --at once or more: the dates, in the core's comma-separated form */
	char *ats = NULL;
	size_t len = 0;
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], "at") && o->values[i]) {
			size_t n = strlen(o->values[i]);
			ats = xrealloc(ats, len + n + 2);
			if (len)
				ats[len++] = ',';
			memcpy(ats + len, o->values[i], n + 1);
			len += n;
		}
	ro.at = ats;
	if (ro.backtest != (ro.at != NULL || ro.every != NULL)) {
		free(ats);
		return cli_usage(cli, "report", "'--backtest' goes with '--at DATE' "
				 "or '--every month --from DATE --to DATE'");
	}
	rc = report_run(&cli->ctx, v->name, &ro, &rep, &err);
	free(ats);
	if (rc)
		return cli_fail(cli, &err);
	rc = print_report(cli, rep, v, ro.backtest);
	json_decref(rep);
	return rc;
}

#define FILTER_SPECS \
	{ "owner", 1, "EMAIL" }, { "team", 1, "T" }, { "process", 1, "KEY" }, \
	{ "from", 1, "DATE" }, { "to", 1, "DATE" }
static const struct opt_spec filter_specs[] = { FILTER_SPECS, { NULL, 0, NULL } };
static const struct opt_spec backtest_specs[] = {
	FILTER_SPECS, { "backtest", 0, NULL }, { "at", 1, "DATE" },
	{ "every", 1, "month" }, { NULL, 0, NULL }
};

/* One subcommand per report of core's REPORT_LIST, with its options. */
#define REPORT_SUB(n, flags, title, label, value, value2, extra, summary) \
	{ #n, run, (flags) & REPORT_BACKTEST ? backtest_specs : filter_specs, \
	  NULL, summary },
const struct subcmd report_subcmds[] = {
	REPORT_LIST(REPORT_SUB)
	{ NULL, NULL, NULL, NULL, NULL }
};
