/* The board, one column at a time: GET /api/v1/board?step=KEY with the
 * filters of core/board.h as query parameters (process, owner_id,
 * stalled, overdue, no_next_step, close_month, value_min, value_max, q,
 * limit, cursor). The follow-up step's column holds the won deals whose
 * follow-up is open. */
#include <string.h>

#include "core/board.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int flag(struct req *r, const char *name, int *out)
{
	const char *v = req_query(r, name);
	*out = v && !strcmp(v, "true");
	if (v && !*out && strcmp(v, "false"))
		return fc_fail(&r->err, FC_EINVAL, name, "'%s' must be true or "
			       "false", name);
	return 0;
}

static int board_get(struct req *r)
{
	struct board_query bq = { .process = req_query(r, "process"),
				  .step = req_query(r, "step"),
				  .close_month = req_query(r, "close_month"),
				  .value_min = req_query(r, "value_min"),
				  .value_max = req_query(r, "value_max"),
				  .q = req_query(r, "q"),
				  .cursor = req_query(r, "cursor") };
	int64_t limit, owner;
	json_t *out = NULL;
	int rc;
	if ((rc = req_query_int(r, "limit", 1, BOARD_PAGE_MAX, BOARD_PAGE,
				&limit)) ||
	    (rc = req_query_int(r, "owner_id", 0, INT64_MAX, 0, &owner)) ||
	    (rc = flag(r, "stalled", &bq.stalled)) ||
	    (rc = flag(r, "overdue", &bq.overdue)) ||
	    (rc = flag(r, "no_next_step", &bq.no_next_step)))
		return rc;
	bq.limit = (int)limit;
	bq.owner_id = owner;
	if ((rc = board_column(&r->ctx, &bq, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static const struct route_query board_query[] = {
	{ "step", "the column: a step of the process (required)", "string" },
	{ "process", "the process's key; the default process without one",
	  "string" },
	{ "owner_id", "only this owner's deals", "integer" },
	{ "close_month", "only deals closing in this month (YYYY-MM)", "string" },
	{ "value_min", "only deals worth this much or more, in their currency",
	  "string" },
	{ "value_max", "only deals worth this much or less, in their currency",
	  "string" },
	{ "limit", "deals per page: 1 to 100, 20 without one", "integer" },
	{ "cursor", NULL },
	{ "q", NULL },
	{ "stalled", "only deals in the step longer than its stall limit" },
	{ "overdue", "only deals whose agreed next step is overdue" },
	{ "no_next_step", "only deals without an agreed next step" },
	{ NULL, NULL },
};

const struct route routes_board[] = {
	{ "GET", "/api/v1/board", board_get, 0,
	  "One column of the board: a page of its deals, newest first, and "
	  "their count",
	  .doc = { .query = board_query } },
	ROUTE_END
};
