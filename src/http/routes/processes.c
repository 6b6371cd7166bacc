/* Processes (SPEC.md §1): everyone reads them; admins import or replace
 * one from its JSON form (the same as `fulcrum process export|import`). */
#include <string.h>

#include "core/process.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int processes_list(struct req *r)
{
	json_t *items = NULL;
	int rc = process_list(&r->ctx, &items, &r->err);
	if (!rc)
		resp_items(r, items);
	return rc;
}

static int processes_get(struct req *r)
{
	json_t *out = NULL;
	int rc = process_export(&r->ctx, req_param(r, "key"), &out, &r->err);
	if (rc)
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int processes_import(struct req *r, int status)
{
	json_t *out = NULL;
	int64_t id = 0;
	const char *key;
	int rc = process_import(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	key = json_string_value(json_object_get(r->body, "key"));
	if ((rc = process_export(&r->ctx, key, &out, &r->err)))
		return rc;
	if (status == 201)
		resp_location(r, "/api/v1/processes/%s", key);
	resp_json(r, status, out);
	return 0;
}

static int processes_create(struct req *r)
{
	return processes_import(r, 201);
}

/* PUT replaces the process named in the path; the body's key must agree. */
static int processes_replace(struct req *r)
{
	json_t *key = json_object_get(r->body, "key");
	const char *want = req_param(r, "key");
	if (!key)
		json_object_set_new(r->body, "key", json_string(want));
	else if (!json_is_string(key) || strcmp(json_string_value(key), want))
		return fc_fail(&r->err, FC_EINVAL, "key",
			       "'key' must be '%s', the process in the path",
			       want);
	return processes_import(r, 200);
}

const struct route routes_processes[] = {
	{ "GET", "/api/v1/processes", processes_list, 0,
	  "List processes",
	  .doc = { .result = "ProcessList" } },
	{ "POST", "/api/v1/processes", processes_create,
	  ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Import a process",
	  .doc = { .body = "Process", .status = 201, .result = "Process",
		   .flags = DOC_CONFLICT } },
	{ "GET", "/api/v1/processes/{key}", processes_get, 0,
	  "One process with its steps",
	  .doc = { .result = "Process" } },
	{ "PUT", "/api/v1/processes/{key}", processes_replace,
	  ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Replace a process",
	  .doc = { .body = "Process", .result = "Process",
		   .flags = DOC_CONFLICT } },
	ROUTE_END
};
