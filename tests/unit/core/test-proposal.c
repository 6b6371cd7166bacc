/* A proposal's document and a line's total: every text of the model is
 * escaped (the customer's words are untrusted), the wants come in the order
 * given with their fits, amounts read with their currency and separators,
 * and a line's total rounds half away from zero and saturates past the
 * bound of one amount. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/line-item.h"
#include "core/money.h"
#include "core/proposal.h"

static json_t *model(void)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, "
		"s:[{s:s, s:i, s:s, s:n, s:[{s:s, s:s}]}, {s:s, s:i, s:s, s:s, s:[]}], "
		"s:[{s:s, s:i, s:I, s:i, s:I}], s:I, s:I, s:I}",
		"title", "Pilot </title><script>x()</script>", "number", 3,
		"date", "2026-03-02", "account", "Globex & Co", "contact", "Hank",
		"owner", "Rita", "currency", "JPY",
		"wants",
		"kind", "objective", "importance", 5,
		"text", "<script>alert('hi')</script> in \"two\" days",
		"contact", "fits", "offering", "Ledger <Pro>", "how", "a & b",
		"kind", "criterion", "importance", 2, "text", "on premises",
		"contact", "Ann O'Neil", "fits",
		"items", "offering", "Ledger <Pro>", "quantity", 2,
		"unit_price_minor", (json_int_t)1500000, "discount", 10,
		"total_minor", (json_int_t)2700000,
		"subtotal_minor", (json_int_t)3000000, "discount_minor",
		(json_int_t)300000, "total_minor", (json_int_t)2700000);
}

static void test_proposal_escapes(void **state)
{
	json_t *m = model();
	struct buf out = BUF_INIT;
	(void)state;
	proposal_html(m, &out);
	assert_null(strstr(out.s, "<script"));
	assert_null(strstr(out.s, "</title><"));
	assert_non_null(strstr(out.s, "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; "
				   "in &quot;two&quot; days"));
	assert_non_null(strstr(out.s, "<b>Ledger &lt;Pro&gt;</b>: a &amp; b"));
	assert_non_null(strstr(out.s, "Globex &amp; Co"));
	assert_non_null(strstr(out.s, "Ann O&#39;Neil"));
	buf_release(&out);
	json_decref(m);
}

static void test_proposal_reads(void **state)
{
	json_t *m = model();
	struct buf out = BUF_INIT;
	(void)state;
	proposal_html(m, &out);
	/* the wants in the model's order (importance first), each with its
	 * fits or the note that none is worked out yet */
	const char *first = strstr(out.s, "in &quot;two&quot; days");
	const char *second = strstr(out.s, "on premises");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_non_null(strstr(second, "still to be worked out"));
	assert_non_null(strstr(out.s, "JPY 1,500,000"));
	assert_non_null(strstr(out.s, "JPY 3,000,000"));
	assert_non_null(strstr(out.s, "-JPY 300,000"));
	assert_non_null(strstr(out.s, "JPY 2,700,000"));
	assert_non_null(strstr(out.s, "@media print"));
	assert_non_null(strstr(out.s, "version 3"));
	buf_release(&out);
	json_decref(m);
}

static void test_line_total(void **state)
{
	(void)state;
	assert_int_equal(line_item_total(3, 900000, 10), 2430000);
	/* 1 x 0.05 less 50% is 0.025: half away from zero */
	assert_int_equal(line_item_total(1, 5, 50), 3);
	assert_int_equal(line_item_total(1, 4, 50), 2);
	assert_int_equal(line_item_total(7, 100, 100), 0);
	assert_int_equal(line_item_total(LINE_ITEM_QUANTITY_MAX, MONEY_MAX_MINOR, 0),
			 MONEY_MAX_MINOR + 1);
	assert_int_equal(line_item_total(1, MONEY_MAX_MINOR, 0), MONEY_MAX_MINOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proposal_escapes),
		cmocka_unit_test(test_proposal_reads),
		cmocka_unit_test(test_line_total),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
