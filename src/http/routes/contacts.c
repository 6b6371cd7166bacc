/* Contacts (people at accounts): /api/v1/contacts. Engaging a contact (R1's
 * need and timing) is recorded as its need and timing_from/timing_to fields.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(contacts, &entity_contact)

const struct route routes_contacts[] = {
	{ "GET", "/api/v1/contacts", contacts_list, 0 },
	{ "POST", "/api/v1/contacts", contacts_create, ROUTE_JSON_BODY },
	{ "GET", "/api/v1/contacts/{id}", contacts_get, 0 },
	{ "PATCH", "/api/v1/contacts/{id}", contacts_update, ROUTE_JSON_BODY },
	{ "DELETE", "/api/v1/contacts/{id}", contacts_delete, 0 },
	ROUTE_END
};
