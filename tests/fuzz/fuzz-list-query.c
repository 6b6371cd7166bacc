/* libFuzzer harness for query strings and list filters: the input is
 * "E?QUERY" where the byte E picks the entity (and, by its top bit, whether
 * a rep or the admin asks). The query is split and percent-decoded as
 * libmicrohttpd does, refused where the server refuses it (not UTF-8), read
 * by req_list_query() (limit, cursor, sort, q, filters) and listed by
 * record_list() on a store with a few rows. Either a page comes back, with
 * at most LIMIT items, or a clear error about the input (never a failed
 * SQL statement). Seeds: corpus/list-query. */
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

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_store_open(1);
	fuzz_store_add_records();
	return 0;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* In place: '+' is a space, %XX a byte (as libmicrohttpd decodes). */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '+') {
			*o++ = ' ';
		} else if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			*o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static int split(struct req *r, char *query)
{
	for (char *kv = strtok(query, "&"); kv; kv = strtok(NULL, "&")) {
		char *eq = strchr(kv, '=');

		if (eq)
			*eq++ = '\0';
		unescape(kv);
		if (eq)
			unescape(eq);
		if (r->nquery >= REQ_MAX_QUERY || !*kv ||
		    !utf8_valid(kv, strlen(kv), NULL) ||
		    (eq && !utf8_valid(eq, strlen(eq), NULL)))
			return -1;
		r->query_keys[r->nquery] = kv;
		r->query_values[r->nquery] = eq ? eq : "";
		r->nquery++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct entity *e;
	struct list_query q;
	struct fc_error err = { 0 };
	struct req r;
	json_t *page = NULL;
	char *query;
	int n = 0;

	if (size < 2 || memchr(data, '\0', size))
		return 0;
	while (entities[n])
		n++;
	e = entities[(data[0] & 0x7f) % n];
	query = fuzz_strndup(data + 2, size - 2);
	memset(&r, 0, sizeof(r));
	if (split(&r, query))
		goto out;
	fuzz_store_begin();
	r.ctx = fuzz_ctx;
	if ((data[0] & 0x80) && ctx_act_as(&r.ctx, FUZZ_REP, &err))
		abort();
	if (req_list_query(&r, e, &q)) {
		assert(r.err.code == FC_EINVAL && r.err.message[0]);
	} else if (record_list(&r.ctx, e, &q, &page, &err) == 0) {
		json_t *items = json_object_get(page, "items");

		assert(json_is_array(items) &&
		       json_array_size(items) <= (size_t)q.limit);
		json_decref(page);
	} else {
		/* input is refused as input, never as a broken query */
		assert(err.code && err.code != FC_ESTORE && err.message[0]);
	}
	fuzz_store_reset();
out:
	req_arena_release(&r);
	free(query);
	return 0;
}
