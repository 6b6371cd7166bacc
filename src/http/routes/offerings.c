/* Offerings (what the team sells): /api/v1/offerings.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(offerings, &entity_offering)

const struct route routes_offerings[] = {
	{ "GET", "/api/v1/offerings", offerings_list, 0 },
	{ "POST", "/api/v1/offerings", offerings_create, ROUTE_JSON_BODY },
	{ "GET", "/api/v1/offerings/{id}", offerings_get, 0 },
	{ "PATCH", "/api/v1/offerings/{id}", offerings_update, ROUTE_JSON_BODY },
	{ "DELETE", "/api/v1/offerings/{id}", offerings_delete, 0 },
	ROUTE_END
};
