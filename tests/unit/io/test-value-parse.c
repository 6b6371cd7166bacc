/* Unit tests of src/io/value-parse: dates in each order and the column
 * detector's ambiguity messages, money in many spellings, booleans and
 * email syntax. Run alone: meson test -C BUILD io-value-parse */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "io/value-parse.h"
#include "util/date.h"

static void date_is(const char *s, enum value_date_format fmt,
		    const char *want)
{
	int32_t days;
	char out[DATE_LEN];
	struct fc_error err;

	if (value_parse_date(s, fmt, &days, &err))
		fail_msg("'%s': %s", s, err.message);
	date_format(days, out);
	assert_string_equal(out, want);
}

static void date_bad(const char *s, enum value_date_format fmt,
		     const char *msg)
{
	int32_t days;
	struct fc_error err;

	assert_int_equal(value_parse_date(s, fmt, &days, &err), FC_EINVAL);
	if (msg)
		assert_string_equal(err.message, msg);
}

static void test_dates(void **state)
{
	date_is("2024-03-04", VALUE_DATE_AUTO, "2024-03-04");
	date_is(" 2024/3/4 ", VALUE_DATE_US, "2024-03-04");
	date_is("2024-03-04T23:30:00-02:00", VALUE_DATE_ISO, "2024-03-05");
	date_is("3/4/2024", VALUE_DATE_US, "2024-03-04");
	date_is("3/4/2024", VALUE_DATE_EU, "2024-04-03");
	date_is("04.03.2024", VALUE_DATE_AUTO, "2024-03-04");
	date_is("4.3.2024", VALUE_DATE_EU, "2024-03-04");
	date_is("13/04/2024", VALUE_DATE_AUTO, "2024-04-13");
	date_is("04/13/2024", VALUE_DATE_AUTO, "2024-04-13");
	date_is("5/5/2024", VALUE_DATE_AUTO, "2024-05-05");
	date_is("29-02-2024", VALUE_DATE_AUTO, "2024-02-29");
	date_bad("03/04/2024", VALUE_DATE_AUTO,
		 "'03/04/2024' is ambiguous: give --date-format us or eu");
	date_bad("3/4/2024", VALUE_DATE_ISO,
		 "'3/4/2024' is not an ISO date (YYYY-MM-DD)");
	date_bad("2023-02-29", VALUE_DATE_AUTO,
		 "'2023-02-29' is not a valid date");
	date_bad("31/4/2024", VALUE_DATE_EU, NULL);
	date_bad("13/13/2024", VALUE_DATE_AUTO, NULL);
	date_bad("4.3.2024", VALUE_DATE_US, NULL);
	date_bad("tomorrow", VALUE_DATE_AUTO, "'tomorrow' is not a date");
	date_bad("", VALUE_DATE_AUTO, NULL);
	date_bad("1/2/24", VALUE_DATE_US, NULL);
	date_bad("0207-09-04", VALUE_DATE_AUTO, "'0207-09-04' is not a valid date");
	date_bad("2024-03-04x", VALUE_DATE_AUTO, NULL);
	assert_int_equal(value_date_format_from_name("eu"), VALUE_DATE_EU);
	assert_int_equal(value_date_format_from_name("US"), VALUE_DATE_US);
	assert_int_equal(value_date_format_from_name("iso"), VALUE_DATE_ISO);
	assert_int_equal(value_date_format_from_name("uk"), -1);
}

static void test_detect(void **state)
{
	struct value_date_detect d;
	enum value_date_format fmt;
	struct fc_error err;

	value_date_detect_init(&d);
	value_date_detect_add(&d, "03/04/2024");
	value_date_detect_add(&d, "2024-01-01");
	assert_int_equal(value_date_detect_result(&d, &fmt, &err), FC_EINVAL);
	assert_string_equal(err.message,
			    "'03/04/2024' is ambiguous: give --date-format us or eu");
	value_date_detect_add(&d, "03/25/2024");
	assert_int_equal(value_date_detect_result(&d, &fmt, &err), 0);
	assert_int_equal(fmt, VALUE_DATE_US);
	value_date_detect_add(&d, "25/03/2024");
	assert_int_equal(value_date_detect_result(&d, &fmt, &err), FC_EINVAL);
	assert_string_equal(err.message, "dates mix month-first '03/25/2024' "
			    "and day-first '25/03/2024': give --date-format "
			    "us or eu");

	value_date_detect_init(&d);
	value_date_detect_add(&d, "2024-01-01");
	value_date_detect_add(&d, "not a date");
	value_date_detect_add(&d, "1/1/2024");
	assert_int_equal(value_date_detect_result(&d, &fmt, &err), 0);
	assert_int_equal(fmt, VALUE_DATE_AUTO);
	value_date_detect_add(&d, "1.2.2024");
	assert_int_equal(value_date_detect_result(&d, &fmt, &err), 0);
	assert_int_equal(fmt, VALUE_DATE_EU);
}

static void test_bools_and_email(void **state)
{
	static const char *const good[] = {
		"a@b.co", "first.last+tag@sub.example.org",
		"o'hara@example.ie", "user@xn--bcher-kva.example",
		"j\xc3\xbcrgen@m\xc3\xbcller.de",
	};
	static const char *const bad[] = {
		"", "plain", "@example.com", "a@", "a@b", "a@@b.com",
		"a b@example.com", ".a@example.com", "a.@example.com",
		"a..b@example.com", "a@-b.com", "a@b-.com", "a@b..com",
		"a@example.com.", "a@1.2", "a@b.com@c.com",
	};
	int v;
	struct fc_error err;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!value_email_valid(good[i]))
			fail_msg("'%s' refused", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (value_email_valid(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(value_parse_email("x@", &err), FC_EINVAL);
	assert_string_equal(err.message, "'x@' is not an email address");

	assert_int_equal(value_parse_bool("Yes", &v, NULL), 0);
	assert_int_equal(v, 1);
	assert_int_equal(value_parse_bool(" n ", &v, NULL), 0);
	assert_int_equal(v, 0);
	assert_int_equal(value_parse_bool("TRUE", &v, NULL), 0);
	assert_int_equal(v, 1);
	assert_int_equal(value_parse_bool("0", &v, NULL), 0);
	assert_int_equal(v, 0);
	assert_int_equal(value_parse_bool("maybe", &v, &err), FC_EINVAL);
	assert_string_equal(err.message,
			    "'maybe' is not a boolean (true/false, yes/no, 1/0)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_bools_and_email),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
