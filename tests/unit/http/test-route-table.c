/* The route table is the one place a route is described (http/http.h):
 * the pipeline enforces its flags and the OpenAPI document is made from
 * its rows. These checks hold the rows to what that needs: a route that
 * honours If-Match names a record the pipeline can find (the path's
 * entity and an {id}), every schema a row's doc names is in the document,
 * and every row is an operation of the document with what its doc says.
 * Rerun alone: meson test -C BUILD http-route-table -v */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"

static int is_unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD");
}

/* The operation of RT in DOC. */
static json_t *operation_of(json_t *doc, const struct route *rt)
{
	char method[16];
	size_t k;
	for (k = 0; rt->method[k] && k + 1 < sizeof(method); k++)
		method[k] = (char)tolower((unsigned char)rt->method[k]);
	method[k] = '\0';
	return json_object_get(json_object_get(json_object_get(doc, "paths"),
					       rt->pattern), method);
}

static void if_match_rows_name_a_record(void **state)
{
	int flagged = 0;
	(void)state;
	for (int i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);
		if (!(rt->flags & ROUTE_IF_MATCH))
			continue;
		flagged++;
		if (!router_entity(rt) || !strstr(rt->pattern, "/{id}") ||
		    !is_unsafe(rt->method))
			fail_msg("%s %s honours If-Match but names no record "
				 "to compare (entity and {id}) or is safe",
				 rt->method, rt->pattern);
	}
	/* The entity updates and deletes and the deal's moves. */
	assert_true(flagged >= 10);
}

static void router_entity_reads_the_first_segment(void **state)
{
	const struct route deal_win = { "POST", "/api/v1/deals/{id}/win" },
			   users = { "PATCH", "/api/v1/users/{id}" },
			   health = { "GET", "/healthz" },
			   reports = { "GET", "/api/v1/reports/{name}" };
	(void)state;
	assert_ptr_equal(router_entity(&deal_win), &entity_deal);
	assert_ptr_equal(router_entity(&users), &entity_user);
	assert_null(router_entity(&health));
	assert_null(router_entity(&reports));
}

static void doc_names_resolve(void **state)
{
	json_t *doc = openapi_document();
	json_t *comp = json_object_get(doc, "components");
	json_t *schemas = json_object_get(comp, "schemas");
	json_t *params = json_object_get(comp, "parameters");
	(void)state;
	assert_non_null(schemas);
	for (int i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);
		const struct route_doc *d = &rt->doc;
		if ((d->flags & DOC_TEXT) && !d->result)
			fail_msg("%s %s: DOC_TEXT without media types",
				 rt->method, rt->pattern);
		if ((d->flags & DOC_RAW_BODY) && !d->body)
			fail_msg("%s %s: DOC_RAW_BODY without media types",
				 rt->method, rt->pattern);
		if (d->body && !(d->flags & DOC_RAW_BODY) &&
		    !json_object_get(schemas, d->body))
			fail_msg("%s %s: no schema %s", rt->method, rt->pattern,
				 d->body);
		if (d->result && !(d->flags & DOC_TEXT) &&
		    !json_object_get(schemas, d->result))
			fail_msg("%s %s: no schema %s", rt->method, rt->pattern,
				 d->result);
		for (const struct route_query *q = d->query; q && q->name; q++)
			if (!q->description && !json_object_get(params, q->name))
				fail_msg("%s %s: no shared parameter %s",
					 rt->method, rt->pattern, q->name);
	}
	json_decref(doc);
}

static void every_row_is_an_operation(void **state)
{
	json_t *doc = openapi_document();
	(void)state;
	for (int i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);
		json_t *op = operation_of(doc, rt), *resps;
		char status[8];
		if (!op)
			fail_msg("%s %s is not in the document", rt->method,
				 rt->pattern);
		resps = json_object_get(op, "responses");
		/* (An empty doc is the entity's: its status is derived.) */
		snprintf(status, sizeof(status), "%d", rt->doc.status);
		if (rt->doc.status && !json_object_get(resps, status))
			fail_msg("%s %s: no %s answer", rt->method, rt->pattern,
				 status);
		/* 412 is listed exactly where the pipeline checks If-Match. */
		if (!json_object_get(resps, "412") !=
		    !(rt->flags & ROUTE_IF_MATCH))
			fail_msg("%s %s: its 412 answer and ROUTE_IF_MATCH "
				 "disagree", rt->method, rt->pattern);
		if ((rt->doc.flags & DOC_RULES) &&
		    !json_object_get(resps, "422"))
			fail_msg("%s %s: DOC_RULES without 422", rt->method,
				 rt->pattern);
	}
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(if_match_rows_name_a_record),
		cmocka_unit_test(router_entity_reads_the_first_segment),
		cmocka_unit_test(doc_names_resolve),
		cmocka_unit_test(every_row_is_an_operation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
