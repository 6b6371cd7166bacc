/* Amounts: the one grammar of money_read() with either decimal mark, the
 * bound, the text and JSON forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"

static void test_money_point(void **state)
{
	int64_t v;
	char out[32];
	(void)state;
	assert_int_equal(money_parse("1,234.50", &v), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(money_parse("7.5", &v), 0);
	assert_int_equal(v, 750);
	assert_int_equal(money_parse("-2", &v), 0);
	assert_int_equal(v, -200);
	assert_int_equal(money_parse("1.234", &v), -1);
	assert_int_equal(money_parse("", &v), -1);
	assert_int_equal(money_parse("1e5", &v), -1);
	/* the largest amount whose cents fit; past it the amount saturates,
	 * for money_check() to refuse as too large */
	assert_int_equal(money_parse("92233720368547757.99", &v), 0);
	assert_int_equal(v, INT64_MAX - 8);
	assert_int_equal(money_parse("92233720368547759", &v), 0);
	assert_int_equal(v, INT64_MAX);
	assert_int_equal(money_parse("-99999999999999999999", &v), 0);
	assert_int_equal(v, INT64_MIN);
	assert_int_equal(money_check(v, "value", NULL), FC_EINVAL);
	assert_int_equal(money_parse("$12", &v), 0);
	assert_int_equal(v, 1200);
	money_format(-150, out, sizeof(out));
	assert_string_equal(out, "-1.50");
	money_format(123405, out, sizeof(out));
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
	assert_int_equal(money_read("1,234,567.5", MONEY_POINT, &v, cur, &err), 0);
	assert_int_equal(v, 123456750);
	assert_int_equal(money_read("EUR 12.5", MONEY_POINT, &v, cur, &err), 0);
	assert_string_equal(cur, "EUR");
	assert_int_equal(money_read("1,2", MONEY_POINT, &v, cur, &err), FC_EINVAL);
	assert_string_equal(err.message, "'1,2' is not an amount");
	assert_int_equal(money_read("1.200,50", MONEY_POINT, &v, cur, &err), FC_EINVAL);
	assert_int_equal(money_read("1.2.3", MONEY_POINT, &v, cur, &err), FC_EINVAL);
	assert_int_equal(money_read("1.234", MONEY_POINT, &v, cur, &err), FC_EINVAL);
	assert_string_equal(err.message, "'1.234' has more than 2 decimals");
	/* the same text, read from a file of a locale that groups with '.' */
	assert_int_equal(money_read("1.234", MONEY_DETECT, &v, cur, &err), 0);
	assert_int_equal(v, 123400);
}

static void money_is(const char *s, int64_t want, const char *cur)
{
	int64_t cents = 0;
	char c[4];
	struct fc_error err;

	if (money_read(s, MONEY_DETECT, &cents, c, &err))
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

	if (!money_read(s, MONEY_DETECT, &cents, c, &err))
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
	money_is("\xc2\xa5" "1200", 120000, "JPY");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_point),
		cmocka_unit_test(test_money_point_marks),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_money_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
