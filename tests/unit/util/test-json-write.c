/* util/json-write: every value written is byte for byte what jansson's
 * json_dumps() gives with the flags of the HTTP answers. */
#include <float.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "util/json-write.h"

#define FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY)

/* What jansson writes for V (taken). */
static char *jansson_text(json_t *v)
{
	assert_non_null(v);
	char *s = json_dumps(v, FLAGS);
	json_decref(v);
	assert_non_null(s);
	return s;
}

static void same_string(const char *s)
{
	struct buf b;
	char *want = jansson_text(json_string(s));
	buf_init(&b, 0);
	json_escape(&b, s, strlen(s));
	assert_string_equal(b.s, want);
	free(want);
	buf_release(&b);
}

static void test_strings(void **state)
{
	(void)state;
	char all[128];
	for (int c = 1; c < 128; c++)
		all[c - 1] = (char)c;
	all[127] = '\0';
	same_string("");
	same_string("plain ascii, with / and ~ and \x7f");
	same_string(all);
	same_string("quote \" backslash \\ tab \t nl \n cr \r bs \b ff \f");
	same_string("\x01\x02\x1f end");
	same_string("caf\xc3\xa9 \xe2\x82\xac 12");		/* é, € */
	same_string("\xf0\x9f\x98\x80 smile");		/* U+1F600 */
	same_string("\xef\xbf\xbf \xf4\x8f\xbf\xbf");		/* U+FFFF, U+10FFFF */
	same_string("\xc2\x80 \xdf\xbf \xe0\xa0\x80");	/* the edges */
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	json_escape(&b, "a\xff" "b\xc3", 4);
	assert_string_equal(b.s, "\"a\\uFFFDb\\uFFFD\"");
	buf_release(&b);
}

static void test_numbers(void **state)
{
	(void)state;
	static const double reals[] = {
		0.1, 1234.5, -0.001, 12.34, 1e20, 1e21, 1e-7, -2.5, 0.0, -0.0,
		123456789012345.67, 1.5e300, 5e-324, DBL_MAX, 1.0 / 3, 100.0,
		0.07, 99999.99, 1e16, 1e17,
	};
	static const int64_t ints[] = { 0, -1, 1, 42, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof(reals) / sizeof(*reals); i++) {
		struct buf b;
		struct jw w;
		char *want = jansson_text(json_real(reals[i]));
		buf_init(&b, 0);
		jw_init(&w, &b);
		jw_real(&w, reals[i]);
		assert_string_equal(b.s, want);
		free(want);
		buf_release(&b);
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(*ints); i++) {
		struct buf b;
		struct jw w;
		char *want = jansson_text(json_integer(ints[i]));
		buf_init(&b, 0);
		jw_init(&w, &b);
		jw_int(&w, ints[i]);
		assert_string_equal(b.s, want);
		free(want);
		buf_release(&b);
	}
}

/* A page shaped like a list answer, written both ways. */
static void test_nested(void **state)
{
	(void)state;
	struct buf b;
	struct jw w;
	json_t *custom = json_pack("{s:s, s:f}", "tier", "gold", "score", 2.5);
	json_t *tree = json_pack(
		"{s:[{s:I, s:s, s:n, s:b, s:f, s:O}, {s:I, s:[], s:{}}], s:n}",
		"items", "id", (json_int_t)7, "title", "Caf\xc3\xa9 \"deal\"",
		"due", "won", 1, "value", 1234.5, "custom", custom,
		"id", (json_int_t)8, "tags", "meta", "next_cursor");
	char *want = jansson_text(tree);

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_object_begin(&w);
	jw_key(&w, "items");
	jw_array_begin(&w);
	jw_object_begin(&w);
	jw_key(&w, "id");
	jw_int(&w, 7);
	jw_key(&w, "title");
	jw_string(&w, "Caf\xc3\xa9 \"deal\"");
	jw_key(&w, "due");
	jw_null(&w);
	jw_key(&w, "won");
	jw_bool(&w, 1);
	jw_key(&w, "value");
	jw_real(&w, 1234.5);
	jw_key(&w, "custom");
	jw_value(&w, custom);
	jw_object_end(&w);
	jw_object_begin(&w);
	jw_key(&w, "id");
	jw_int(&w, 8);
	jw_key(&w, "tags");
	jw_array_begin(&w);
	jw_array_end(&w);
	jw_key(&w, "meta");
	jw_object_begin(&w);
	jw_object_end(&w);
	jw_object_end(&w);
	jw_array_end(&w);
	jw_key(&w, "next_cursor");
	jw_value(&w, NULL);
	jw_object_end(&w);
	json_decref(custom);

	assert_string_equal(b.s, want);
	free(want);
	buf_release(&b);
}

/* A whole tree through jw_value(), as an HTTP answer is written: keys
 * and strings that need escapes, a NUL inside a string, every kind of
 * value, members in the order they were set (not sorted), deep nesting. */
static void test_tree(void **state)
{
	(void)state;
	struct buf b;
	struct jw w;
	json_t *tree = json_object();
	json_object_set_new(tree, "zeta", json_integer(INT64_MIN));
	json_object_set_new(tree, "alpha \"quoted\"\n", json_stringn("a\0b\x01\xe2\x82\xac", 6));
	json_object_set_new(tree, "caf\xc3\xa9", json_real(-0.1));
	json_object_set_new(tree, "list", json_pack("[i, f, b, b, n, s, [], {}]", 0,
						    1e300, 1, 0, "\xf0\x9f\x98\x80/"));
	json_t *deep = json_pack("{s:[{s:I}]}", "k", "big", (json_int_t)INT64_MAX);
	for (int i = 0; i < 40; i++)
		deep = json_pack("[o, {s:o}]", deep, "again", json_integer(i));
	json_object_set_new(tree, "deep", deep);
	json_object_set_new(tree, "", json_string(""));
	char *want = json_dumps(tree, FLAGS);
	assert_non_null(want);

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_value(&w, tree);
	assert_string_equal(b.s, want);
	assert_int_equal(b.len, strlen(want));
	free(want);
	buf_release(&b);
	json_decref(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
