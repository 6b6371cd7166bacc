/* Custom field definitions: /api/v1/fields (everyone reads, admins write;
 * the rules are core/field.c's). Values travel in each contact's,
 * account's and deal's "custom" object. Removing a field that records hold
 * values of archives it instead (200 with the field), else 204. */
#include "core/field.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int fields_list(struct req *r) { return crud_list(r, &entity_custom_field); }
static int fields_get(struct req *r) { return crud_get(r, &entity_custom_field); }
static int fields_create(struct req *r) { return crud_create(r, &entity_custom_field); }
static int fields_update(struct req *r) { return crud_update(r, &entity_custom_field); }

static int fields_remove(struct req *r)
{
	int64_t id;
	int archived = 0, rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = field_def_remove(&r->ctx, id, r->if_version, &archived,
				   &r->err)))
		return rc;
	if (archived)
		return crud_send(r, &entity_custom_field, id, 200);
	resp_empty(r, 204);
	return 0;
}

const struct route routes_fields[] = {
	{ "GET", "/api/v1/fields", fields_list, 0,
	  "List custom field definitions" },
	{ "POST", "/api/v1/fields", fields_create, ROUTE_JSON_BODY,
	  "Define a custom field (admins)" },
	{ "GET", "/api/v1/fields/{id}", fields_get, 0,
	  "Read a custom field definition" },
	{ "PATCH", "/api/v1/fields/{id}", fields_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Change a custom field definition (admins)" },
	{ "DELETE", "/api/v1/fields/{id}", fields_remove, ROUTE_IF_MATCH,
	  "Remove a custom field (admins): deleted (204), or archived with its "
	  "values kept (200) when records hold values" },
	ROUTE_END
};
