/* API tokens for integrators (`Authorization: Bearer fc_...`): create one
 * (its secret is shown in this answer only), list, revoke. The rules are
 * in core/auth.c. */
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static const struct body_field token_body[] = {
	{ "name", BODY_TEXT, 0, AUTH_TOKEN_NAME_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int token_create(struct req *r)
{
	const char *name = body_text(r, "name");
	char *token = NULL;
	int64_t id = 0;
	json_t *out;
	int rc;

	rc = auth_token_create(&r->ctx, name, &id, &token, &r->err);
	if (rc)
		return rc;
	out = json_object();
	json_object_set_new(out, "id", json_integer(id));
	json_object_set_new(out, "name", name ? json_string(name) : json_null());
	json_object_set_new(out, "token", json_string(token));
	memset(token, 0, strlen(token));
	free(token);
	resp_location(r, "/api/v1/tokens/%lld", (long long)id);
	resp_json(r, 201, out);
	return 0;
}

static int token_list(struct req *r)
{
	json_t *items = NULL;
	int rc = auth_token_list(&r->ctx, &items, &r->err);
	if (!rc)
		resp_items(r, items);
	return rc;
}

static int token_revoke(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = auth_token_revoke(&r->ctx, id, &r->err)))
		return rc;
	resp_empty(r, 204);
	return 0;
}

const struct route routes_tokens[] = {
	{ "POST", "/api/v1/tokens", token_create, ROUTE_JSON_BODY,
	  "Issue a bearer token (shown once)",
	  .doc = { .body = "TokenCreate", .fields = token_body, .status = 201,
		   .result = "TokenCreated" } },
	{ "GET", "/api/v1/tokens", token_list, 0,
	  "List your bearer tokens",
	  .doc = { .result = "TokenList" } },
	{ "DELETE", "/api/v1/tokens/{id}", token_revoke, 0,
	  "Revoke a bearer token",
	  .doc = { .status = 204 } },
	ROUTE_END
};
