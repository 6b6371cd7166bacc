/* Contacts (people at accounts): /api/v1/contacts. Engaging a contact (R1's
 * need and timing) is recorded as its need and timing_from/timing_to fields.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "core/deal.h"
#include "core/engage.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(contacts, &entity_contact)

static const struct body_field disqualify_body[] = {
	{ "reason", BODY_TEXT, 1, 0, engage_disqualify_reasons, 0 },
	{ "note", BODY_TEXT, 0, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

/* An engage item that will not become a deal (core/engage.h). */
static int contacts_disqualify(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = contact_disqualify(&r->ctx, id, body_text(r, "reason"),
				     body_text(r, "note"), &r->err)))
		return rc;
	return crud_send(r, &entity_contact, id, 200);
}

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
	{ "POST", "/api/v1/contacts/{id}/disqualify", contacts_disqualify,
	  ROUTE_JSON_BODY,
	  "Disqualify a contact to engage (wrong_person, no_need, "
	  "wrong_timing, no_fit): they leave the agenda",
	  .doc = { .body = "ContactDisqualify", .fields = disqualify_body,
		   .result = "Contact", .flags = DOC_RECORD | DOC_CONFLICT } },
	ROUTE_END
};
