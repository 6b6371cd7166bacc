/* Interactions (sales calls) with their outcome: logging one on an open
 * deal needs the agreed next step or an explicit "agreement": false (R1).
 * A logged call is history: there is no edit or delete here. */
#include "core/interaction.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int interactions_list(struct req *r) { return crud_list(r, &entity_interaction); }
static int interactions_get(struct req *r) { return crud_get(r, &entity_interaction); }

static int interactions_create(struct req *r)
{
	int64_t id = 0;
	int rc = interaction_log(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_interaction, id, 201);
}

const struct route routes_interactions[] = {
	{ "GET", "/api/v1/interactions", interactions_list, 0,
	  "List interactions" },
	{ "POST", "/api/v1/interactions", interactions_create, ROUTE_JSON_BODY,
	  "Create an interaction",
	  .doc = { .body = "InteractionCreate", .status = 201,
		   .result = "Interaction",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/interactions/{id}", interactions_get, 0,
	  "Read an interaction" },
	ROUTE_END
};
