/* Users of the organisation: everyone reads, admins create, edit and
 * deactivate (core's ACCESS_ADMIN). A user rotates their own calendar
 * feed token here; the feed itself is served at /cal/TOKEN.ics. */
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/user.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int users_list(struct req *r) { return crud_list(r, &entity_user); }
static int users_get(struct req *r) { return crud_get(r, &entity_user); }
/* A "password" in the body is the new user's first one, or an admin's
 * reset (core/user.c); the default role is the core's too. */
static int users_create(struct req *r)
{
	int64_t id = 0;
	int rc = user_create(&r->ctx, r->body, &id, &r->err);
	return rc ? rc : crud_send(r, &entity_user, id, 201);
}

static int users_update(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = user_update(&r->ctx, id, r->body, r->if_version, &r->err)))
		return rc;
	return crud_send(r, &entity_user, id, 200);
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
