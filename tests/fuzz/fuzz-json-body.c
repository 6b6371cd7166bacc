/* libFuzzer harness for the JSON request body (http/request.c): content
 * type, UTF-8, nesting depth and syntax, then the problem+json answer a
 * refusal becomes. The first byte picks the Content-Type. A body that
 * decodes is an object within the depth bound and all its strings are
 * UTF-8; the pipeline's check of a route row's body members (body_check)
 * either refuses with a clear error or leaves members of the listed types,
 * which body_text, body_true and body_integer then read; every problem is
 * JSON that dumps. Seeds: corpus/json-body. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz-store.h"
#include "http/http.h"
#include "http/internal.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {
	"application/json", "application/json; charset=utf-8",
	"  APPLICATION/JSON ;x", "text/plain", "application/jsonx", NULL,
};

static int depth(const json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;
	int max = 0, d;

	if (json_is_string(j)) {
		const char *s = json_string_value(j);

		assert(utf8_valid(s, json_string_length(j), NULL));
		return 0;
	}
	if (json_is_object(j)) {
		json_object_foreach((json_t *)j, key, v)
			if ((d = depth(v)) > max)
				max = d;
		return max + 1;
	}
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if ((d = depth(v)) > max)
				max = d;
		return max + 1;
	}
	return 0;
}

static void problem_dumps(const struct fc_error *err, int status,
			  const char *path)
{
	json_t *problem = http_problem(err, status, path);
	char *text = json_dumps(problem, JSON_COMPACT);

	assert(text);
	free(text);
	json_decref(problem);
}

/* What the pipeline and a route do with the body: the members of a
 * typical row. */
static void read_body(json_t *body)
{
	static const struct body_field fields[] = {
		{ "name", BODY_TEXT, 1, 200, NULL, 0 },
		{ "due", BODY_DATE, 0, 0, NULL, 0 },
		{ "value", BODY_INT, 0, 1000, NULL, -5 },
		{ "done", BODY_BOOL, 0, 0, NULL, 0 },
		{ NULL, 0, 0, 0, NULL, 0 }
	};
	struct req r;

	memset(&r, 0, sizeof(r));
	r.body = body;
	if (body_check(&r, fields)) {
		assert(r.err.code == FC_EINVAL && r.err.message[0]);
		problem_dumps(&r.err, 400, "/api/v1/fuzz");
	} else {
		json_t *v = json_object_get(body, "value");
		assert(body_text(&r, "name"));
		assert(!v || json_is_null(v) || json_is_integer(v));
		(void)body_integer(&r, "value");
		assert(body_true(&r, "done") == json_is_true(
			json_object_get(body, "done")));
	}
	req_arena_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data + 1;
	struct fc_error err = { 0 };
	json_t *j;
	char *path;
	int status;

	if (size == 0)
		return 0;
	if (http_json_decode(types[data[0] % 6], body, size - 1, &j, &err,
			     &status) == 0) {
		assert(status == 0 && json_is_object(j));
		assert(depth(j) <= HTTP_JSON_MAX_DEPTH);
		read_body(j);
		json_decref(j);
		return 0;
	}
	assert(!j && (status == 400 || status == 415) && err.message[0]);
	/* the body stands in for a path the problem quotes */
	path = fuzz_strndup(data + 1, size - 1);
	problem_dumps(&err, status, path);
	free(path);
	return 0;
}
