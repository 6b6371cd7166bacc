/* Users of the organisation: everyone reads, admins create, edit and
 * deactivate (core's ACCESS_ADMIN). A user rotates their own calendar
 * feed token here; the feed itself is served at /cal/TOKEN.ics. */
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(users, &entity_user)

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
	{ "GET", "/api/v1/users", users_list, 0 },
	{ "POST", "/api/v1/users", users_create, ROUTE_JSON_BODY | ROUTE_ADMIN },
	{ "GET", "/api/v1/users/{id}", users_get, 0 },
	{ "PATCH", "/api/v1/users/{id}", users_update,
	  ROUTE_JSON_BODY | ROUTE_ADMIN },
	{ "DELETE", "/api/v1/users/{id}", users_delete, ROUTE_ADMIN },
	{ "POST", "/api/v1/users/me/calendar-token", calendar_rotate, 0 },
	ROUTE_END
};
