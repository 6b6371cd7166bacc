/* libFuzzer harness for If-Match parsing (if_match_parse in
 * http/request.c, what req_if_match reads the header with). A value that
 * parses is "*" alone or a list of at most REQ_IF_MATCH_MAX tags, each
 * version positive; a version printed back as a strong ETag reads back the
 * same, and as a weak one names no version (If-Match compares strongly).
 * Seeds: corpus/if-match. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-store.h"
#include "http/http.h"
#include "http/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	char etag[40];
	struct if_match m, back;
	struct fc_error err = { 0 };
	int rc = if_match_parse(s, &m, &err);

	assert(rc == 0 || (rc == FC_EINVAL && err.message[0]));
	if (rc == 0 && m.star)
		assert(strchr(s, '*') && m.ntags == 0);
	if (rc == 0 && !m.star) {
		assert(m.any >= 1 && m.any <= REQ_IF_MATCH_MAX);
		assert(m.ntags <= m.any);
		for (int i = 0; i < m.ntags; i++)
			assert(m.tags[i] > 0);
	}
	if (rc == 0 && m.ntags > 0) {
		snprintf(etag, sizeof(etag), "\"%lld\"", (long long)m.tags[0]);
		assert(if_match_parse(etag, &back, &err) == 0);
		assert(back.ntags == 1 && back.tags[0] == m.tags[0]);
		snprintf(etag, sizeof(etag), "W/\"%lld\"", (long long)m.tags[0]);
		assert(if_match_parse(etag, &back, &err) == 0);
		assert(back.ntags == 0 && back.any == 1);
	}
	free(s);
	return 0;
}
