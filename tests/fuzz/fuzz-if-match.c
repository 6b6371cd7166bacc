/* libFuzzer harness for If-Match parsing (req_if_match in
 * http/request.c). The request's headers come from libmicrohttpd; here a
 * stand-in for its lookup (this executable's definition wins over the
 * library's) answers with the input as the If-Match value. A version that
 * parses is positive (0 only for "*") and printing it as an ETag reads back
 * the same. Seeds: corpus/if-match. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "fuzz-store.h"
#include "http/http.h"
#include "http/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *if_match;

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind,
					const char *key)
{
	(void)connection;
	return kind == MHD_HEADER_KIND && !strcasecmp(key, "If-Match") ?
	       if_match : NULL;
}

static int64_t parse(const char *value, int *rc)
{
	struct req r;
	int64_t v = -1;

	memset(&r, 0, sizeof(r));
	if_match = value;
	*rc = req_if_match(&r, &v);
	assert(*rc == 0 || (*rc == FC_EINVAL && r.err.message[0]));
	req_arena_release(&r);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	char etag[32];
	int rc;
	int64_t v = parse(s, &rc);

	if (rc == 0 && v == 0)
		assert(strstr(s, "*"));
	if (rc == 0 && v > 0) {
		snprintf(etag, sizeof(etag), "W/\"%lld\"", (long long)v);
		assert(parse(etag, &rc) == v && rc == 0);
	}
	free(s);
	return 0;
}
