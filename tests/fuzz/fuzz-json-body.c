/* libFuzzer harness for the JSON request body (http/request.c): content
 * type, UTF-8, nesting depth and syntax, then the problem+json answer a
 * refusal becomes. The first byte picks the Content-Type. A body that
 * decodes is an object within the depth bound and all its strings are
 * UTF-8; the UTF-8 check agrees with io/text's; the helpers routes read a
 * body with (body_only, body_string, body_int, body_bool) either give a
 * value of the asked type or a clear error; every problem is JSON that
 * dumps. Seeds: corpus/json-body. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz-store.h"
#include "http/http.h"
#include "http/internal.h"
#include "io/text.h"

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

		assert(http_utf8_valid(s, json_string_length(j), NULL));
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

/* What a route does with the body: the fields of a typical one. */
static void read_body(json_t *body)
{
	static const char *const allowed[] = { "name", "email", "value",
					       "done", NULL };
	const char *str;
	int64_t n;
	struct req r;
	int b;

	memset(&r, 0, sizeof(r));
	r.body = body;
	if (body_only(&r, allowed))
		assert(r.err.code == FC_EINVAL && r.err.message[0]);
	if (body_string(&r, "name", 1, 200, &str) == 0)
		assert(str && strlen(str) <= 200);
	else
		assert(!str && r.err.message[0]);
	if (body_int(&r, "value", -5, 1000, 7, &n) == 0)
		assert(n >= -5 && n <= 1000);
	if (body_bool(&r, "done", 0, &b) == 0)
		assert(b == 0 || b == 1);
	if (r.err.code)
		problem_dumps(&r.err, 400, "/api/v1/fuzz");
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
	assert(http_utf8_valid(body, size - 1, NULL) ==
	       text_utf8_valid(body, size - 1));
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
