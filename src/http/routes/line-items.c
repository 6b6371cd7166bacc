/* Line items (step 4, show how): a deal's offerings with quantity, unit
 * price and discount, which set the deal's value while it has any. Written
 * through core/line-item.c, which holds the rules; read through the record
 * layer. */
#include "core/line-item.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int items_list(struct req *r) { return crud_list(r, &entity_line_item); }
static int items_get(struct req *r) { return crud_get(r, &entity_line_item); }

static int items_create(struct req *r)
{
	int64_t id = 0;
	int rc = line_item_add(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_line_item, id, 201);
}

static int items_update(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = line_item_update(&r->ctx, id, r->body, r->if_version, &r->err)))
		return rc;
	return crud_send(r, &entity_line_item, id, 200);
}

static int items_delete(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = line_item_remove(&r->ctx, id, r->if_version, &r->err)))
		return rc;
	resp_empty(r, 204);
	return 0;
}

const struct route routes_line_items[] = {
	{ "GET", "/api/v1/line-items", items_list, 0,
	  "List line items (filter by deal_id)" },
	{ "POST", "/api/v1/line-items", items_create, ROUTE_JSON_BODY,
	  "Add a line item to a deal (its value becomes the items' sum)",
	  .doc = { .body = "LineItemCreate", .status = 201, .result = "LineItem",
		   .flags = DOC_RECORD | DOC_CONFLICT } },
	{ "GET", "/api/v1/line-items/{id}", items_get, 0,
	  "Read a line item" },
	{ "PATCH", "/api/v1/line-items/{id}", items_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update a line item (the deal's value follows)",
	  .doc = { .body = "LineItemUpdate", .result = "LineItem",
		   .flags = DOC_RECORD | DOC_CONFLICT } },
	{ "DELETE", "/api/v1/line-items/{id}", items_delete, ROUTE_IF_MATCH,
	  "Remove a line item (the last one leaves the deal's value as it is)",
	  .doc = { .status = 204, .flags = DOC_CONFLICT } },
	ROUTE_END
};
