/* Contacts (people at accounts): /api/v1/contacts. Engaging a contact (R1's
 * need and timing) is recorded as its need and timing_from/timing_to fields.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(contacts, &entity_contact)

const struct route routes_contacts[] = {
	{ "GET", "/api/v1/contacts", contacts_list, 0,
	  "List contacts" },
	{ "POST", "/api/v1/contacts", contacts_create, ROUTE_JSON_BODY,
	  "Create a contact" },
	{ "GET", "/api/v1/contacts/{id}", contacts_get, 0,
	  "Read a contact" },
	{ "PATCH", "/api/v1/contacts/{id}", contacts_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update a contact" },
	{ "DELETE", "/api/v1/contacts/{id}", contacts_delete, ROUTE_IF_MATCH,
	  "Delete a contact" },
	ROUTE_END
};
