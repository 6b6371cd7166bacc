/* Wants (step 3, the fulcrum): what the customer wants, per deal. Created
 * through want_add(); text and importance may be edited, a want without
 * fits deleted (core decides). */
#include "core/want.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int wants_list(struct req *r) { return crud_list(r, &entity_want); }
static int wants_get(struct req *r) { return crud_get(r, &entity_want); }

static int wants_create(struct req *r)
{
	int64_t id = 0;
	int rc = want_add(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_want, id, 201);
}

static int wants_update(struct req *r) { return crud_update(r, &entity_want); }
static int wants_delete(struct req *r) { return crud_delete(r, &entity_want); }

const struct route routes_wants[] = {
	{ "GET", "/api/v1/wants", wants_list, 0,
	  "List wants" },
	{ "POST", "/api/v1/wants", wants_create, ROUTE_JSON_BODY,
	  "Create a want",
	  .doc = { .body = "WantCreate", .status = 201, .result = "Want",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/wants/{id}", wants_get, 0,
	  "Read a want" },
	{ "PATCH", "/api/v1/wants/{id}", wants_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update a want" },
	{ "DELETE", "/api/v1/wants/{id}", wants_delete, ROUTE_IF_MATCH,
	  "Delete a want" },
	ROUTE_END
};
