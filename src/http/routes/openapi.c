/* GET /api/v1/openapi.json: the API's OpenAPI 3.1 document (http/openapi.c
 * builds it from the route and field tables). It is built once, on first
 * use, and served as the same bytes after that. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/routes/routes.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static char *doc_text;
static size_t doc_len;
static pthread_once_t doc_once = PTHREAD_ONCE_INIT;

static void doc_build(void)
{
	json_t *doc = openapi_document();
	doc_text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII |
			      JSON_SORT_KEYS);
	json_decref(doc);
	if (!doc_text)
		FC_BUG("cannot encode the OpenAPI document");
	doc_len = strlen(doc_text);
}

/* Signed in, the document has the organisation's custom fields too. */
static int openapi_get(struct req *r)
{
	pthread_once(&doc_once, doc_build);
	if (!r->ctx.user.id) {
		resp_data(r, 200, "application/json", doc_text, doc_len, 1);
		return 0;
	}
	json_t *doc = json_loads(doc_text, 0, NULL);
	if (!doc)
		FC_BUG("cannot read the OpenAPI document back");
	int rc = openapi_add_fields(doc, &r->ctx, &r->err);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	resp_json(r, 200, doc);
	return 0;
}

const struct route routes_openapi[] = {
	{ "GET", "/api/v1/openapi.json", openapi_get,
	  ROUTE_PUBLIC | ROUTE_AUTH_OPTIONAL,
	  "This document: the OpenAPI 3.1 description of the API (signed in, "
	  "with the organisation's custom fields)" },
	ROUTE_END
};
