/* Next steps (R1): the agreed what-and-when of each open deal. Creating
 * one with a deal_id replaces the deal's current step (next_step_set());
 * the deal's own routes also set it (PUT deals/{id}/next-step). */
#include <string.h>

#include "core/next-step.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int next_steps_list(struct req *r)
{
	return crud_list(r, &entity_next_step);
}

static int next_steps_get(struct req *r)
{
	return crud_get(r, &entity_next_step);
}

static int next_steps_create(struct req *r)
{
	json_t *deal = json_object_get(r->body, "deal_id");
	json_t *in;
	int64_t id = 0;
	int rc;
	if (!deal || !json_is_integer(deal) || json_integer_value(deal) <= 0)
		return fc_fail(&r->err, FC_EINVAL, "deal_id",
			       "'deal_id' is required and must be a deal's id");
	in = req_keep_json(r, json_deep_copy(r->body));
	json_object_del(in, "deal_id");
	rc = next_step_set(&r->ctx, json_integer_value(deal), in, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_next_step, id, 201);
}

const struct route routes_next_steps[] = {
	{ "GET", "/api/v1/next-steps", next_steps_list, 0,
	  "List next steps" },
	{ "POST", "/api/v1/next-steps", next_steps_create, ROUTE_JSON_BODY,
	  "Create a next step",
	  .doc = { .body = "NextStepCreate", .status = 201,
		   .result = "NextStep",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/next-steps/{id}", next_steps_get, 0,
	  "Read a next step" },
	ROUTE_END
};
