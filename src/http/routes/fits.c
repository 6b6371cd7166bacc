/* Fits (step 4): how an offering gives the customer a want. fit_add()
 * refuses a fit without a want (R3, rule "fulcrum"). */
#include "core/fit.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int fits_list(struct req *r) { return crud_list(r, &entity_fit); }
static int fits_get(struct req *r) { return crud_get(r, &entity_fit); }

static int fits_create(struct req *r)
{
	int64_t id = 0;
	int rc = fit_add(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_fit, id, 201);
}

static int fits_update(struct req *r) { return crud_update(r, &entity_fit); }
static int fits_delete(struct req *r) { return crud_delete(r, &entity_fit); }

const struct route routes_fits[] = {
	{ "GET", "/api/v1/fits", fits_list, 0,
	  "List fits" },
	{ "POST", "/api/v1/fits", fits_create, ROUTE_JSON_BODY,
	  "Create a fit",
	  .doc = { .body = "FitCreate", .status = 201, .result = "Fit",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/fits/{id}", fits_get, 0,
	  "Read a fit" },
	{ "PATCH", "/api/v1/fits/{id}", fits_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update a fit" },
	{ "DELETE", "/api/v1/fits/{id}", fits_delete, ROUTE_IF_MATCH,
	  "Delete a fit" },
	ROUTE_END
};
