/* The reports (SPEC.md §4, docs/reports.md): GET /api/v1/reports lists
 * them (core's REPORT_LIST, for the web UI), GET /api/v1/reports/{name}
 * with owner (email or id), team, process, from, to, and for the forecast
 * backtest=true&at=DATE (several: at=D1,D2) or backtest=true&every=month
 * with from and to; the same JSON as `fulcrum report NAME --json`. */
#include <string.h>

#include "core/report/report.h"
#include "core/user.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int reports_get(struct req *r)
{
	struct report_opts o = { 0 };
	const char *owner = req_query(r, "owner");
	const char *backtest = req_query(r, "backtest");
	json_t *rep = NULL;
	int rc;

	/* an id must name a user of the organisation, so a typo answers 404
	 * rather than an empty report */
	if (owner && owner[0] &&
	    (rc = user_find(&r->ctx, "owner", owner, &o.owner_id, &r->err)))
		return rc;
	/* Empty values are absent ones: an HTML form sends every field. */
	o.team = req_query(r, "team");
	o.process = req_query(r, "process");
	o.from = req_query(r, "from");
	o.to = req_query(r, "to");
	o.at = req_query(r, "at");
	o.every = req_query(r, "every");
	if (o.team && !o.team[0])
		o.team = NULL;
	if (o.process && !o.process[0])
		o.process = NULL;
	if (o.from && !o.from[0])
		o.from = NULL;
	if (o.to && !o.to[0])
		o.to = NULL;
	if (o.at && !o.at[0])
		o.at = NULL;
	if (o.every && !o.every[0])
		o.every = NULL;
	if (backtest && !strcmp(backtest, "true"))
		o.backtest = 1;
	else if (backtest && backtest[0] && strcmp(backtest, "false"))
		return fc_fail(&r->err, FC_EINVAL, "backtest",
			       "'backtest' must be true or false");
	if ((rc = report_run(&r->ctx, req_param(r, "name"), &o, &rep, &r->err)))
		return rc;
	resp_json(r, 200, rep);
	return 0;
}

static int reports_list(struct req *r)
{
	resp_json(r, 200, report_list_json());
	return 0;
}

const struct route routes_reports[] = {
	{ "GET", "/api/v1/reports", reports_list, 0,
	  "The reports: name, title, summary, the fields a chart draws, the "
	  "columns of their rows" },
	{ "GET", "/api/v1/reports/{name}", reports_get, 0,
	  "A report as JSON, by name (GET /api/v1/reports lists the names)",
	  .doc = { .result = "Report" } },
	ROUTE_END
};
