/* Exports as streams (core/export.h): each batch holds at most a page of
 * records (EXPORT_PAGE), so a writer that sends each batch as it comes (the
 * HTTP export) holds one page at a time; the batches joined are the bytes
 * of the whole export. And money (core/money.h): the one bound, its
 * messages, and sums that saturate instead of overflowing; and how amounts
 * and rates read (core/display.h).
 * Rerun alone: meson test -C BUILD core-export -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/display.h"
#include "core/export.h"
#include "core/money.h"
#include "core/record.h"
#include "io/csv-reader.h"
#include "util/buf.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))
#define ROWS 1234

static size_t count(const char *s, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (!memcmp(s + i, needle, k))
			n++;
	return n;
}

static int to_buf(void *data, const char *s, size_t len)
{
	return buf_add(data, s, len) < 0;
}

/* Streams KIND, checking every batch with PER_ROW (what starts a row) and
 * the bytes against WHOLE. Returns the number of batches. */
static int stream_batches(enum export_kind kind, const struct entity *e,
			  int option, const char *per_row, size_t max_rows,
			  const struct buf *whole)
{
	struct export_stream *x;
	struct buf all = BUF_INIT, b = BUF_INIT;
	int rc, batches = 0;
	struct list_query q = { 0 };

	OK(export_stream_open(&fx.ctx, kind, e, &q, option, &x, &fx.err));
	do {
		buf_clear(&b);
		rc = export_stream_next(x, &b, &fx.err);
		assert_true(rc >= 0);
		batches++;
		assert_true(count(b.s ? b.s : "", b.len, per_row) <= max_rows);
		buf_add(&all, b.s ? b.s : "", b.len);
	} while (rc > 0);
	export_stream_close(x);
	assert_int_equal(all.len, whole->len);
	assert_memory_equal(all.s, whole->s, all.len);
	buf_release(&all);
	buf_release(&b);
	return batches;
}

static void test_stream_batches(void **state)
{
	struct buf whole = BUF_INIT;
	char name[32];
	int64_t before = fx_int("SELECT COUNT(*) FROM accounts WHERE org_id = ?",
				fx.org);

	fx_as(ADMIN);
	for (int i = 0; i < ROWS; i++) {
		snprintf(name, sizeof(name), "=Account %d", i);
		fx_account(name);
	}
	int64_t n = before + ROWS;

	/* CSV: a page of rows a batch (the header rides on the first) */
	OK(export_csv(&fx.ctx, &entity_account, NULL, CSV_WRITE_SAFE, to_buf,
		      &whole, &fx.err));
	assert_int_equal(count(whole.s, whole.len, "\r\n"), n + 1);
	assert_int_equal(count(whole.s, whole.len, "\"'=Account"), ROWS);
	int batches = stream_batches(EXPORT_CSV, &entity_account, CSV_WRITE_SAFE,
				     "\r\n", EXPORT_PAGE + 1, &whole);
	assert_true(batches >= (int)((n + EXPORT_PAGE - 1) / EXPORT_PAGE));
	assert_true(batches <= (int)((n + EXPORT_PAGE - 1) / EXPORT_PAGE) + 1);

	/* the backup: at most a page of rows a batch, across its tables */
	buf_clear(&whole);
	OK(export_json(&fx.ctx, to_buf, &whole, &fx.err));
	assert_true(count(whole.s, whole.len, "\n    {") > (size_t)ROWS);
	batches = stream_batches(EXPORT_JSON, NULL, 0, "\n    {", EXPORT_PAGE,
				 &whole);
	assert_true(batches > ROWS / EXPORT_PAGE);
	assert_non_null(strstr(whole.s, "\"format\": \"fulcrum-backup\""));
	assert_string_equal(whole.s + whole.len - 3, "\n}\n");
	buf_release(&whole);

	/* the backup is for admins: refused before anything is made */
	struct export_stream *x = NULL;
	fx_as(REP_EAST1);
	fx_assert_fail(TRY(export_stream_open(&fx.ctx, EXPORT_JSON, NULL, NULL,
					      0, &x, &fx.err)),
		       FC_EFORBIDDEN, "admins");
	assert_null(x);
}

static void test_money(void **state)
{
	struct fc_error err;
	int64_t c = -1;
	json_t *v;

	assert_int_equal(money_check(0, "USD", "value", &err), 0);
	assert_int_equal(money_check(MONEY_MAX_MINOR, "USD", "value", &err), 0);
	assert_int_equal(money_check(MONEY_MAX_MINOR + 1, "USD", "value", &err),
			 FC_EINVAL);
	assert_string_equal(err.field, "value");
	assert_string_equal(err.message, "'value' must be at most 10000000000.00");
	assert_int_equal(money_check(-1, "USD", "price", &err), FC_EINVAL);
	assert_string_equal(err.message, "'price' cannot be negative");

	static const struct {
		const char *json;
		int64_t cents;	/* -1: refused */
	} cases[] = {
		{ "10000000000", 1000000000000 },
		{ "10000000000.0", 1000000000000 },
		{ "\"10,000,000,000.00\"", 1000000000000 },
		{ "\"$1,234.5\"", 123450 },
		{ "10000000001", -1 },
		{ "10000000000.01", -1 },
		{ "92233720368547758", -1 },
		{ "9223372036854775807", -1 },
		{ "-9223372036854775807", -1 },
		{ "1e300", -1 },
		{ "\"92233720368547758\"", -1 },
		{ "\"999999999999999999999999999\"", -1 },
		{ "\"-1\"", -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
		assert_non_null(v);
		fc_error_clear(&err);
		c = -1;
		int rc = money_from_json(v, "USD", "value", &c, &err);
		if (cases[i].cents < 0) {
			assert_int_equal(rc, FC_EINVAL);
			assert_string_equal(err.field, "value");
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(c, cases[i].cents);
		}
		json_decref(v);
	}

	assert_int_equal(money_add(INT64_MAX - 1, 5), INT64_MAX);
	assert_int_equal(money_add(INT64_MIN + 1, -5), INT64_MIN);
	assert_int_equal(money_add(3, 4), 7);
	assert_int_equal(money_mul(MONEY_MAX_MINOR, 100), MONEY_MAX_MINOR * 100);
	assert_int_equal(money_mul(INT64_MAX / 2, 3), INT64_MAX);
	assert_int_equal(money_mul(INT64_MAX / 2, -3), INT64_MIN);

	char out[32];
	money_format(INT64_MIN, NULL, out, sizeof(out));
	assert_string_equal(out, "-92233720368547758.08");
	money_format(1050, "USD", out, sizeof(out));
	assert_string_equal(out, "10.50");
}

/* What people read (core/display.h): amounts with their currency and
 * thousands separators, rates as percentages. */
static void test_display(void **state)
{
	char out[DISPLAY_MONEY_MAX];
	(void)state;
	money_display(123450000, "USD", out, sizeof(out));
	assert_string_equal(out, "USD 1,234,500.00");
	money_display(99, "EUR", out, sizeof(out));
	assert_string_equal(out, "EUR 0.99");
	money_display(100000, NULL, out, sizeof(out));
	assert_string_equal(out, "1,000.00");
	money_display(-123456, "JPY", out, sizeof(out));
	assert_string_equal(out, "JPY -123,456");
	money_display(INT64_MIN, "USD", out, sizeof(out));
	assert_string_equal(out, "USD -92,233,720,368,547,758.08");
	money_display(INT64_MAX, "", out, sizeof(out));
	assert_string_equal(out, "92,233,720,368,547,758.07");
	rate_display(0.425, out, sizeof(out));
	assert_string_equal(out, "42.5%");
	rate_display(0.5, out, sizeof(out));
	assert_string_equal(out, "50%");
	rate_display(2.0 / 3.0, out, sizeof(out));
	assert_string_equal(out, "66.7%");
	rate_display(-0.0001, out, sizeof(out));
	assert_string_equal(out, "0%");
	percent_display(40, out, sizeof(out));
	assert_string_equal(out, "40%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stream_batches, fx_setup,
						fx_teardown),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_display),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
