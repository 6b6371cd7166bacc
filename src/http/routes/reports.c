/* The reports (SPEC.md §4, docs/reports.md): GET /api/v1/reports/{name}
 * with owner (email or id), team, process, from, to, and for the forecast
 * backtest=true&at=DATE; the same JSON as `fulcrum report NAME --json`. */
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

/* --owner as an id ("12") or an email; an id must name a user of the
 * organisation, so a typo answers 404 rather than an empty report. */
static int owner_resolve(struct req *r, const char *s, int64_t *id)
{
	char *end = NULL;
	long long v;
	if (strlen(s) > 254)
		return fc_fail(&r->err, FC_EINVAL, "owner",
			       "'owner' is too long (at most 254 characters)");
	if (s[0] >= '0' && s[0] <= '9') {
		v = strtoll(s, &end, 10);
		if (*end || v <= 0)
			return fc_fail(&r->err, FC_EINVAL, "owner", "'owner' must "
				       "be a user id or an email: '%.40s'", s);
		if (db_query_int(r->ctx.db, id, "SELECT id FROM users WHERE "
				 "org_id = ? AND id = ?", "ii", r->ctx.org_id,
				 (int64_t)v))
			return fc_fail(&r->err, FC_ENOTFOUND, "owner",
				       "no user '%lld'", v);
		return 0;
	}
	return report_owner_find(&r->ctx, s, id, &r->err);
}

static int reports_get(struct req *r)
{
	struct report_opts o = { 0 };
	const char *owner = req_query(r, "owner");
	const char *backtest = req_query(r, "backtest");
	json_t *rep = NULL;
	int rc;

	if (owner && owner[0] && (rc = owner_resolve(r, owner, &o.owner_id)))
		return rc;
	/* Empty values are absent ones: an HTML form sends every field. */
	o.team = req_query(r, "team");
	o.process = req_query(r, "process");
	o.from = req_query(r, "from");
	o.to = req_query(r, "to");
	o.at = req_query(r, "at");
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

const struct route routes_reports[] = {
	{ "GET", "/api/v1/reports/{name}", reports_get, 0,
	  "A report (pipeline, funnel, velocity, winrate, agreements, "
	  "discipline, followup, forecast) as JSON" },
	ROUTE_END
};
