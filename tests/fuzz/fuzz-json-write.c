/* libFuzzer harness for util/json-write: any bytes as a string, and eight
 * of them as a real. The written string parses with jansson; when the
 * bytes are valid UTF-8 it reads back as the same bytes and is exactly
 * what json_dumps() writes (JSON_COMPACT | JSON_ENSURE_ASCII), else each
 * bad byte is U+FFFD. A finite real is written as jansson writes it and
 * reads back as the same double. Seeds: corpus/json-write. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/json-write.h"
#include "util/utf8.h"

#define FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_string(const char *s, size_t n)
{
	struct buf b;
	json_error_t error;
	buf_init(&b, 0);
	json_escape(&b, s, n);
	json_t *back = json_loadb(b.s, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
				  &error);
	assert(back && json_is_string(back));
	for (size_t i = 0; i < b.len; i++)
		assert((unsigned char)b.s[i] >= 0x20 && (unsigned char)b.s[i] < 0x80);
	if (utf8_valid(s, n, NULL)) {
		assert(json_string_length(back) == n);
		assert(!memcmp(json_string_value(back), s, n));
		json_t *v = json_stringn(s, n);
		char *want = json_dumps(v, FLAGS);
		assert(want && !strcmp(want, b.s));
		free(want);
		json_decref(v);
	}
	json_decref(back);
	buf_release(&b);
}

static void check_real(const uint8_t *data)
{
	double d;
	struct buf b;
	memcpy(&d, data, sizeof(d));
	if (!isfinite(d))
		return;
	buf_init(&b, 0);
	json_real_text(&b, d);
	json_t *v = json_real(d);
	char *want = json_dumps(v, FLAGS);
	assert(want && !strcmp(want, b.s));
	json_t *back = json_loads(b.s, JSON_DECODE_ANY, NULL);
	assert(back && json_is_real(back));
	assert(json_real_value(back) == d || (d == 0 && json_real_value(back) == 0));
	free(want);
	json_decref(v);
	json_decref(back);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_string((const char *)data, size);
	if (size >= sizeof(double))
		check_real(data);
	return 0;
}
