/* The calendar feed: GET /cal/{token}.ics serves the same calendar as
 * `fulcrum export ical` to whoever holds the user's secret token (calendar
 * apps cannot sign in), and POST /api/v1/calendar-token makes a new one,
 * which stops the old address. Tokens: core/auth.h. */
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/export.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int feed(struct req *r)
{
	const char *file = req_param(r, "file");
	size_t n = strlen(file);
	int64_t org, user;
	struct buf out = BUF_INIT;
	char token[160];
	int rc;

	if (n <= 4 || n - 4 >= sizeof(token) || strcmp(file + n - 4, ".ics"))
		return fc_fail(&r->err, FC_ENOTFOUND, NULL, "no such calendar");
	memcpy(token, file, n - 4);
	token[n - 4] = '\0';
	if ((rc = auth_calendar_token_lookup(r->db, token, &org, &user, &r->err))) {
		/* an unknown token looks like any missing page */
		fc_error_clear(&r->err);
		return fc_fail(&r->err, FC_ENOTFOUND, NULL, "no such calendar");
	}
	if ((rc = ctx_act_as_id(&r->ctx, org, user, &r->err)))
		return rc;
	if ((rc = export_ical(&r->ctx, &out, &r->err)) == 0) {
		resp_data(r, 200, "text/calendar; charset=utf-8", out.s, out.len, 0);
		resp_header(r, "Cache-Control", "private, max-age=300");
	}
	buf_release(&out);
	return rc;
}

static int token_rotate(struct req *r)
{
	char *token = NULL;
	int rc = auth_calendar_token_rotate(&r->ctx, &token, &r->err);
	if (rc)
		return rc;
	resp_json(r, 201, json_pack("{s:s, s:s++}", "token", token, "path",
				    "/cal/", token, ".ics"));
	free(token);
	return 0;
}

const struct route routes_calendar[] = {
	{ "GET", "/cal/{file}", feed, ROUTE_PUBLIC | ROUTE_SECRET_PATH,
	  "the calendar feed of the user whose secret token is in the path",
	  .doc = { .result = "text/calendar", .flags = DOC_TEXT } },
	{ "POST", "/api/v1/calendar-token", token_rotate, ROUTE_JSON_OPTIONAL,
	  "a new calendar feed token; the old address stops working",
	  .doc = { .status = 201, .result = "CalendarToken" } },
	ROUTE_END
};
