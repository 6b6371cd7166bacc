/* Amounts: the one grammar of money_read() with either decimal mark, the
 * bound, the text and JSON forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/display.h"
#include "core/money.h"

static void test_money_point(void **state)
{
	int64_t v;
	char out[32];
	(void)state;
	assert_int_equal(money_parse("1,234.50", NULL, &v), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(money_parse("7.5", NULL, &v), 0);
	assert_int_equal(v, 750);
	assert_int_equal(money_parse("-2", NULL, &v), 0);
	assert_int_equal(v, -200);
	assert_int_equal(money_parse("1.234", NULL, &v), -1);
	assert_int_equal(money_parse("", NULL, &v), -1);
	assert_int_equal(money_parse("1e5", NULL, &v), -1);
	/* the largest amount whose cents fit; past it the amount saturates,
	 * for money_check() to refuse as too large */
	assert_int_equal(money_parse("92233720368547757.99", NULL, &v), 0);
	assert_int_equal(v, INT64_MAX - 8);
	assert_int_equal(money_parse("92233720368547759", NULL, &v), 0);
	assert_int_equal(v, INT64_MAX);
	assert_int_equal(money_parse("-99999999999999999999", NULL, &v), 0);
	assert_int_equal(v, INT64_MIN);
	assert_int_equal(money_check(v, NULL, "value", NULL), FC_EINVAL);
	assert_int_equal(money_parse("$12", NULL, &v), 0);
	assert_int_equal(v, 1200);
	money_format(-150, NULL, out, sizeof(out));
	assert_string_equal(out, "-1.50");
	money_format(123405, NULL, out, sizeof(out));
	assert_string_equal(out, "1234.05");
}

/* The API's grammar reads '.' as the decimal mark only: a ',' groups
 * exactly three digits before it. */
static void test_money_point_marks(void **state)
{
	int64_t v;
	char cur[4];
	struct fc_error err;
	(void)state;
	assert_int_equal(money_read("1,234,567.5", MONEY_POINT, NULL, &v, cur, &err), 0);
	assert_int_equal(v, 123456750);
	assert_int_equal(money_read("EUR 12.5", MONEY_POINT, NULL, &v, cur, &err), 0);
	assert_string_equal(cur, "EUR");
	assert_int_equal(money_read("1,2", MONEY_POINT, NULL, &v, cur, &err), FC_EINVAL);
	assert_string_equal(err.message, "'1,2' is not an amount");
	assert_int_equal(money_read("1.200,50", MONEY_POINT, NULL, &v, cur, &err), FC_EINVAL);
	assert_int_equal(money_read("1.2.3", MONEY_POINT, NULL, &v, cur, &err), FC_EINVAL);
	assert_int_equal(money_read("1.234", MONEY_POINT, NULL, &v, cur, &err), FC_EINVAL);
	assert_string_equal(err.message, "'1.234' has more than 2 decimals");
	/* the same text, read from a file of a locale that groups with '.' */
	assert_int_equal(money_read("1.234", MONEY_DETECT, NULL, &v, cur, &err), 0);
	assert_int_equal(v, 123400);
}

static void money_is(const char *s, int64_t want, const char *cur)
{
	int64_t cents = 0;
	char c[4];
	struct fc_error err;

	if (money_read(s, MONEY_DETECT, NULL, &cents, c, &err))
		fail_msg("'%s': %s", s, err.message);
	if (cents != want)
		fail_msg("'%s': %lld cents, want %lld", s, (long long)cents,
			 (long long)want);
	assert_string_equal(c, cur);
}

static void money_bad(const char *s, const char *msg)
{
	int64_t cents;
	char c[4];
	struct fc_error err;

	if (!money_read(s, MONEY_DETECT, NULL, &cents, c, &err))
		fail_msg("'%s' was read as %lld", s, (long long)cents);
	if (msg)
		assert_string_equal(err.message, msg);
}

static void test_money(void **state)
{
	money_is("1200", 120000, "");
	money_is("$1,200.50", 120050, "USD");
	money_is("-$5", -500, "USD");
	money_is("$-5.5", -550, "USD");
	money_is("(45.00)", -4500, "");
	money_is("USD 1,200.00", 120000, "USD");
	money_is("1.200,00 EUR", 120000, "EUR");
	money_is("-1.200,50 \xe2\x82\xac", -120050, "EUR");
	money_is("\xe2\x82\xac" "3,5", 350, "EUR");
	money_is("\xc2\xa3" "3", 300, "GBP");
	money_is("\xc2\xa5" "1200", 1200, "JPY");	/* yen: no decimals */
	money_is("1 200,5", 120050, "");
	money_is("1\xc2\xa0" "234\xc2\xa0" "567,89", 123456789, "");
	money_is("1'234.50 CHF", 123450, "CHF");
	money_is("1,234,567", 123456700, "");
	money_is("1.234.567", 123456700, "");
	money_is("1.50", 150, "");
	money_is("+7", 700, "");
}

static void test_money_edges(void **state)
{
	money_is("0,50", 50, "");
	money_is(".5", 50, "");
	money_is("12.30-", -1230, "");
	money_bad("0.125", "'0.125' has more than 2 decimals");
	money_is("2.500", 250000, "");	/* three digits: thousands */
	money_is("2.50000", 250, "");	/* trailing zeros are fine */
	money_bad("3.00 usd", "'3.00 usd' is not an amount");
	money_bad("", "'' is not an amount");
	money_bad("$", NULL);
	money_bad("1,2.3,4", NULL);
	money_bad("12abc", NULL);
	money_bad("1.", NULL);
	money_bad("9999999999999999", "'9999999999999999' is too large");
}

/* Amounts are read, kept and shown in the minor unit of their currency:
 * JPY has none below the yen, USD two decimals, KWD three. */
static void test_money_exponents(void **state)
{
	int64_t v = -1;
	char cur[4], out[DISPLAY_MONEY_MAX];
	struct fc_error err;
	json_t *j;
	(void)state;
	assert_int_equal(money_digits("JPY"), 0);
	assert_int_equal(money_digits("USD"), 2);
	const char *three[] = { "KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD" };
	for (size_t i = 0; i < sizeof(three) / sizeof(three[0]); i++)
		assert_int_equal(money_digits(three[i]), 3);
	assert_int_equal(money_digits(NULL), 2);

	/* reading: each currency's own decimals, refused past them naming
	 * the rule */
	assert_int_equal(money_read("1,000,000", MONEY_POINT, "JPY", &v, cur,
				    &err), 0);
	assert_int_equal(v, 1000000);
	assert_int_equal(money_read("1000.5", MONEY_POINT, "JPY", &v, cur, &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "'1000.5' has decimals, but JPY has none");
	assert_int_equal(money_read("1000.00", MONEY_POINT, "JPY", &v, cur, &err), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(money_read("1.234", MONEY_POINT, "KWD", &v, cur, &err), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(money_read("1.2", MONEY_POINT, "KWD", &v, cur, &err), 0);
	assert_int_equal(v, 1200);
	assert_int_equal(money_read("1.2345", MONEY_POINT, "KWD", &v, cur, &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "'1.2345' has more than 3 decimals, the "
			    "most KWD has");
	assert_int_equal(money_read("1.234", MONEY_POINT, "USD", &v, cur, &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "'1.234' has more than 2 decimals, the "
			    "most USD has");
	assert_int_equal(money_read("12.34", MONEY_POINT, "USD", &v, cur, &err), 0);
	assert_int_equal(v, 1234);
	/* without a currency from the caller, the one the text names */
	assert_int_equal(money_read("KWD 1.234", MONEY_POINT, NULL, &v, cur,
				    &err), 0);
	assert_int_equal(v, 1234);
	assert_string_equal(cur, "KWD");
	assert_int_equal(money_read("JPY 5.5", MONEY_POINT, NULL, &v, cur, &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "'JPY 5.5' has decimals, but JPY has none");

	/* JSON in whole units */
	j = json_real(1000.5);
	assert_int_equal(money_from_json(j, "JPY", "value", &v, &err), FC_EINVAL);
	assert_string_equal(err.message, "'value' has decimals, but JPY has none");
	json_decref(j);
	j = json_integer(1000000);
	assert_int_equal(money_from_json(j, "JPY", "value", &v, &err), 0);
	assert_int_equal(v, 1000000);
	assert_int_equal(money_from_json(j, "KWD", "value", &v, &err), 0);
	assert_int_equal(v, 1000000000);
	json_decref(j);
	j = json_real(1.234);
	assert_int_equal(money_from_json(j, "KWD", "value", &v, &err), 0);
	assert_int_equal(v, 1234);
	json_decref(j);
	/* the bound is 10^12 minor units, told in the currency's decimals */
	assert_int_equal(money_check(MONEY_MAX_MINOR + 1, "JPY", "value", &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "'value' must be at most 1000000000000");
	assert_int_equal(money_check(MONEY_MAX_MINOR + 1, "KWD", "value", &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "'value' must be at most 1000000000.000");
	j = money_json(1000000, "JPY");
	assert_int_equal(json_integer_value(j), 1000000);
	json_decref(j);
	j = money_json(1234, "KWD");
	assert_true(json_real_value(j) == 1.234);
	assert_int_equal(money_json_minor(j, "KWD"), 1234);
	json_decref(j);

	/* shown with their own decimals */
	money_display(1000000, "JPY", out, sizeof(out));
	assert_string_equal(out, "JPY 1,000,000");
	money_display(1234, "KWD", out, sizeof(out));
	assert_string_equal(out, "KWD 1.234");
	money_display(123456789, "KWD", out, sizeof(out));
	assert_string_equal(out, "KWD 123,456.789");
	money_display(123450, "USD", out, sizeof(out));
	assert_string_equal(out, "USD 1,234.50");
	money_format(1000000, "JPY", out, sizeof(out));
	assert_string_equal(out, "1000000");
	money_format(5, "KWD", out, sizeof(out));
	assert_string_equal(out, "0.005");

	/* what sql/012 does to amounts kept in hundredths before it */
	assert_int_equal(money_from_hundredths(100000000, "JPY"), 1000000);
	assert_int_equal(money_from_hundredths(100050, "JPY"), 1001);
	assert_int_equal(money_from_hundredths(100049, "JPY"), 1000);
	assert_int_equal(money_from_hundredths(123, "KWD"), 1230);
	assert_int_equal(money_from_hundredths(123, "USD"), 123);
	int64_t r;
	assert_int_equal(money_rescale(1000, 2, 0, &r), 0);
	assert_int_equal(r, 10);
	assert_int_equal(money_rescale(1050, 2, 0, &r), -1);
	assert_int_equal(money_rescale(10, 0, 3, &r), 0);
	assert_int_equal(r, 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_exponents),
		cmocka_unit_test(test_money_point),
		cmocka_unit_test(test_money_point_marks),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_money_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
