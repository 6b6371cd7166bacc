/* Offerings (what the team sells): /api/v1/offerings.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(offerings, &entity_offering)

const struct route routes_offerings[] = {
	{ "GET", "/api/v1/offerings", offerings_list, 0,
	  "List offerings" },
	{ "POST", "/api/v1/offerings", offerings_create, ROUTE_JSON_BODY,
	  "Create an offering" },
	{ "GET", "/api/v1/offerings/{id}", offerings_get, 0,
	  "Read an offering" },
	{ "PATCH", "/api/v1/offerings/{id}", offerings_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update an offering" },
	{ "DELETE", "/api/v1/offerings/{id}", offerings_delete, ROUTE_IF_MATCH,
	  "Delete an offering" },
	ROUTE_END
};
