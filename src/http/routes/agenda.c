/* The agenda (SPEC.md §3): GET /api/v1/agenda?limit=N&explain=true, the
 * same ranked list as `fulcrum agenda` and the web UI's Today page. */
#include <string.h>

#include "core/agenda.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int agenda_get(struct req *r)
{
	const char *explain = req_query(r, "explain");
	json_t *items = NULL, *out;
	int64_t limit;
	int ex = 0, rc;
	if ((rc = req_query_int(r, "limit", 1, 1000, 50, &limit)))
		return rc;
	if (explain && !strcmp(explain, "true"))
		ex = 1;
	else if (explain && strcmp(explain, "false"))
		return fc_fail(&r->err, FC_EINVAL, "explain",
			       "'explain' must be true or false");
	if ((rc = agenda_build(&r->ctx, (int)limit, ex, &items, &r->err)))
		return rc;
	out = json_object();
	json_object_set_new(out, "items", items);
	resp_json(r, 200, out);
	return 0;
}

static const struct route_query agenda_query[] = {
	{ "limit", NULL },
	{ "explain", "add each item's score and how it was reached" },
	{ NULL, NULL },
};

const struct route routes_agenda[] = {
	{ "GET", "/api/v1/agenda", agenda_get, 0,
	  "Your ranked agenda: what to do next, and why",
	  .doc = { .result = "Agenda", .query = agenda_query } },
	ROUTE_END
};
