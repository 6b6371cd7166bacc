/* fulcrum report NAME: the reports of core/report.h as a table (with a bar
 * chart when stdout is a terminal), --csv (the rows) or --json (the whole
 * report). What each number means: docs/reports.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/report.h"
#include "core/user.h"

struct report_view {
	const char *name;
	const char *const *columns;	/* of the rows table */
	const char *label, *value;	/* the chart: one bar per row */
	const char *extra;		/* another array printed as a table */
};

static const char *const step_cols_pipeline[] = { "process", "step", "deals",
	"value_cents", "probability", "weighted_cents", NULL };
static const char *const step_cols_funnel[] = { "process", "step", "entered",
	"advanced", "lost", "won", "conversion", "drop_off", NULL };
static const char *const step_cols_velocity[] = { "process", "step", "stays",
	"median_days", "p90_days", NULL };
static const char *const owner_cols_winrate[] = { "owner", "won", "lost",
	"win_rate", "won_cents", "lost_cents", NULL };
static const char *const owner_cols_agreements[] = { "owner", "interactions",
	"agreements", "agreement_rate", "planned", "planned_share", NULL };
static const char *const owner_cols_discipline[] = { "owner", "open_deals",
	"covered", "coverage", "overdue", "interactions", "planned_share", NULL };
static const char *const owner_cols_followup[] = { "owner", "won", "checked",
	"compliance", "avg_score", "customers", "referrals", "expansion_deals",
	"referral_won", "referral_revenue_cents", NULL };
static const char *const month_cols_forecast[] = { "month", "deals",
	"value_cents", "expected_fixed_cents", "expected_learned_cents", NULL };
static const char *const month_cols_backtest[] = { "month", "deals",
	"expected_fixed_cents", "expected_learned_cents", "actual_won_cents",
	"error_fixed_cents", "error_learned_cents", NULL };

static const struct report_view views[] = {
	{ "pipeline", step_cols_pipeline, "step", "value_cents", NULL },
	{ "funnel", step_cols_funnel, "step", "entered", NULL },
	{ "velocity", step_cols_velocity, "step", "median_days", NULL },
	{ "winrate", owner_cols_winrate, "owner", "win_rate", "lost_reasons" },
	{ "agreements", owner_cols_agreements, "owner", "agreement_rate",
	  "months" },
	{ "discipline", owner_cols_discipline, "owner", "coverage", NULL },
	{ "followup", owner_cols_followup, "owner", "compliance", NULL },
	{ "forecast", month_cols_forecast, "month", "expected_learned_cents",
	  "probabilities" },
};

#define CHART_WIDTH 40	/* cells of the longest bar */
#define LABEL_MAX 24

/* One bar per row, VALUE scaled to the largest, drawn in eighths of a cell
 * so small differences still show. */
static void chart(json_t *rows, const char *label, const char *value)
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
		const char *l = json_string_value(json_object_get(row, label));
		double v = json_number_value(jv);
		long cells = max > 0 && v > 0 ?
			lround(v / max * CHART_WIDTH * 8) : 0;
		printf("%-*.*s ", LABEL_MAX, LABEL_MAX, l ? l : "(none)");
		for (long k = 0; k < cells / 8; k++)
			fputs("█", stdout);
		fputs(eighths[cells % 8], stdout);
		if (json_is_null(jv) || !jv)
			printf(" -\n");
		else if (json_is_real(jv))
			printf(" %.2f\n", v);
		else
			printf(" %lld\n", (long long)json_integer_value(jv));
	}
}

static int print_report(struct cli *cli, json_t *rep,
			const struct report_view *v, int backtest)
{
	json_t *rows = json_object_get(rep, "rows");
	const char *const *cols = backtest ? month_cols_backtest : v->columns;

	if (cli->json) {
		out_record(cli, rep);
		return EXIT_OK;
	}
	if (cli->csv) {
		out_list(cli, rows, NULL);
		return EXIT_OK;
	}
	out_list(cli, rows, cols);
	printf("\ntotals\n");
	out_record(cli, json_object_get(rep, "totals"));
	if (v->extra && json_array_size(json_object_get(rep, v->extra))) {
		printf("\n%s\n", v->extra);
		out_list(cli, json_object_get(rep, v->extra), NULL);
	}
	if (cli->tty && json_array_size(rows))
		chart(rows, v->label, v->value);
	return EXIT_OK;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "owner", 1 }, { "team", 1 }, { "process", 1 }, { "from", 1 },
		{ "to", 1 }, { "at", 1 }, { "backtest", 0 }, { NULL, 0 }
	};
	struct report_opts ro = { 0 };
	struct fc_error err = { 0 };
	const struct report_view *v = NULL;
	json_t *rep = NULL;
	struct opts o;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos != 1)
		return cli_usage(cli, "report", "give one report name: pipeline, "
				 "funnel, velocity, winrate, agreements, "
				 "discipline, followup or forecast");
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(views[i].name, o.pos[0]))
			v = &views[i];
	if (!v)
		return cli_usage(cli, "report", "no report '%s'", o.pos[0]);
	if (opt_get(&o, "owner") &&
	    user_find(&cli->ctx, "owner", opt_get(&o, "owner"), &ro.owner_id, &err))
		return cli_fail(cli, &err);
	ro.team = opt_get(&o, "team");
	ro.process = opt_get(&o, "process");
	ro.from = opt_get(&o, "from");
	ro.to = opt_get(&o, "to");
	ro.at = opt_get(&o, "at");
	ro.backtest = opt_has(&o, "backtest");
	if (ro.backtest && strcmp(v->name, "forecast"))
		return cli_usage(cli, "report", "'--backtest' only applies to "
				 "'forecast'");
	if (ro.backtest != (ro.at != NULL))
		return cli_usage(cli, "report", "'--backtest' and '--at DATE' go "
				 "together");
	if (report_run(&cli->ctx, v->name, &ro, &rep, &err))
		return cli_fail(cli, &err);
	rc = print_report(cli, rep, v, ro.backtest);
	json_decref(rep);
	return rc;
}
