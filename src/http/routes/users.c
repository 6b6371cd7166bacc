/* Users of the organisation: everyone reads, admins create, edit and
 * deactivate (core's ACCESS_ADMIN). A user rotates their own calendar
 * feed token here; the feed itself is served at /cal/TOKEN.ics. */
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int users_list(struct req *r) { return crud_list(r, &entity_user); }
static int users_get(struct req *r) { return crud_get(r, &entity_user); }
static int users_update(struct req *r) { return crud_update(r, &entity_user); }

/* A new user's default role is the core's (user_on_create). */
static int users_create(struct req *r)
{
	return crud_create(r, &entity_user);
}

static int calendar_rotate(struct req *r)
{
	char *token = NULL;
	json_t *out;
	int rc = auth_calendar_token_rotate(&r->ctx, &token, &r->err);
	if (rc)
		return rc;
	out = json_object();
	json_object_set_new(out, "token", json_string(token));
	json_object_set_new(out, "path", json_string(req_printf(r, "/cal/%s.ics",
							       token)));
	memset(token, 0, strlen(token));
	free(token);
	resp_json(r, 201, out);
	return 0;
}

const struct route routes_users[] = {
	{ "GET", "/api/v1/users", users_list, 0,
	  "List users" },
	{ "POST", "/api/v1/users", users_create, ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Create a user" },
	{ "GET", "/api/v1/users/{id}", users_get, 0,
	  "Read a user" },
	{ "PATCH", "/api/v1/users/{id}", users_update,
	  ROUTE_JSON_BODY | ROUTE_ADMIN | ROUTE_IF_MATCH,
	  "Update a user" },
	{ "POST", "/api/v1/users/me/calendar-token", calendar_rotate, 0,
	  "Rotate your calendar feed token",
	  .doc = { .status = 201, .result = "CalendarToken" } },
	ROUTE_END
};
