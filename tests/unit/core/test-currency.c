/* Currencies (core/currency.c, core/rate.c, core/convert.c): the ISO 4217
 * table, what a rate may be, the rate a dated amount converts at, amounts
 * without a rate listed apart, and sums that cannot overflow.
 * Rerun alone: meson test -C BUILD core-currency -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/convert.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/rate.h"
#include "core/record.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))

static void code_table(void **state)
{
	(void)state;
	assert_int_equal(currency_digits("USD"), 2);
	assert_int_equal(currency_digits("EUR"), 2);
	assert_int_equal(currency_digits("JPY"), 0);
	assert_int_equal(currency_digits("BHD"), 3);
	assert_int_equal(currency_digits("CLF"), 4);
	assert_int_equal(currency_digits("AED"), 2);	/* the first */
	assert_int_equal(currency_digits("ZWG"), 2);	/* the last */
	assert_int_equal(currency_digits("XYZ"), -1);
	assert_int_equal(currency_digits("usd"), -1);	/* callers fold case */
	assert_int_equal(currency_digits("US"), -1);
	assert_int_equal(currency_digits("USDX"), -1);
	assert_int_equal(currency_digits(""), -1);
	assert_int_equal(currency_digits(NULL), -1);
	assert_int_equal(currency_digits("XAU"), -1);	/* gold is no currency */
	assert_int_equal(currency_digits("HRK"), -1);	/* withdrawn */
	/* sorted and well formed: what bsearch needs */
	assert_true(currency_count() > 150);
	for (int i = 0; i < currency_count(); i++) {
		const char *c = currency_code(i);
		assert_int_equal(strlen(c), 3);
		assert_true(currency_digits(c) >= 0);
		if (i)
			assert_true(strcmp(currency_code(i - 1), c) < 0);
	}
	assert_null(currency_code(currency_count()));

	struct fc_error err = { 0 };
	assert_int_equal(currency_check("XYZ", "currency", &err), FC_EINVAL);
	assert_string_equal(err.field, "currency");
	assert_string_equal(err.message, "'currency' must be an ISO 4217 code "
			    "such as USD or EUR, not 'XYZ'");
	assert_int_equal(currency_check("GBP", "currency", &err), 0);
}

/* Converting between currencies of different exponents, figures by hand:
 * JPY 1,000,000 at 0.0062 USD a yen is USD 6,200.00; KWD 1.234 at 3.25
 * USD a dinar is USD 4.0105, USD 4.01; KWD 0.002 at 3.25 is USD 0.0065,
 * one cent (half away from zero); USD 12.34 at 150.5 JPY a dollar (a yen
 * base) is JPY 1,857.17, JPY 1,857; JPY 1,000 at 0.0241 (a KWD base) is
 * KWD 24.100. */
static void exponents_at_rate(void **state)
{
	(void)state;
	assert_int_equal(convert_minor(1000000, 0, 2, 6200), 620000);
	assert_int_equal(convert_minor(1234, 3, 2, 3250000), 401);
	assert_int_equal(convert_minor(2, 3, 2, 3250000), 1);
	assert_int_equal(convert_minor(-2, 3, 2, 3250000), -1);
	assert_int_equal(convert_minor(1234, 2, 0, 150500000), 1857);
	assert_int_equal(convert_minor(1000, 0, 3, 24100), 24100);
	/* the same digits both sides: as before */
	assert_int_equal(convert_minor(100000000, 2, 2, 6500), 650000);
}

static void rates_parse(void **state)
{
	(void)state;
	struct fc_error err = { 0 };
	int64_t m;
	char text[32];
	static const struct { const char *in; int64_t micros; const char *out; } ok[] = {
		{ "1", 1000000, "1" }, { "1.085", 1085000, "1.085" },
		{ "0.0065", 6500, "0.0065" }, { ".5", 500000, "0.5" },
		{ "1.250000000", 1250000, "1.25" }, { "0.000001", 1, "0.000001" },
		{ "1000000", 1000000000000, "1000000" },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(rate_parse(ok[i].in, "rate", &m, &err), 0);
		assert_int_equal(m, ok[i].micros);
		rate_format(m, text);
		assert_string_equal(text, ok[i].out);
	}
	static const char *const bad[] = { "", "0", "0.0000001", "-1", "1,5",
		"1.2.3", "1e3", "abc", "1000000.000001", "99999999999", " 1", NULL };
	for (int i = 0; bad[i]; i++) {
		assert_int_not_equal(rate_parse(bad[i], "rate", &m, &err), 0);
		assert_string_equal(err.field, "rate");
	}
}

/* Between two currencies of two decimals: cents to cents. */
static int64_t convert_cents(int64_t cents, int64_t rate_micros)
{
	return convert_minor(cents, 2, 2, rate_micros);
}

static void cents_at_rate(void **state)
{
	(void)state;
	assert_int_equal(convert_cents(200000, 1100000), 220000);	/* 2000 x 1.1 */
	assert_int_equal(convert_cents(1, 500000), 1);		/* 0.5 cent: up */
	assert_int_equal(convert_cents(1, 499999), 0);
	assert_int_equal(convert_cents(-1, 500000), -1);	/* away from 0 */
	/* the largest amount at the largest rate is exact; a larger sum at
	 * it saturates instead of overflowing, and so do sums of such */
	int64_t top = convert_cents(MONEY_MAX_MINOR, RATE_MAX * RATE_SCALE);
	assert_int_equal(top, INT64_C(1000000000000000000));
	assert_int_equal(convert_cents(INT64_MAX, RATE_MAX * RATE_SCALE), INT64_MAX);
	assert_int_equal(convert_cents(INT64_MIN, RATE_MAX * RATE_SCALE), INT64_MIN);
	/* and so from no decimals to four: 2^63 yen at 10^6 is 10^4 times
	 * more minor units, still computed exactly before it saturates */
	assert_int_equal(convert_minor(INT64_MAX, 0, 4, RATE_MAX * RATE_SCALE),
			 INT64_MAX);
	assert_int_equal(convert_minor(MONEY_MAX_MINOR, 0, 3,
				       RATE_MAX * RATE_SCALE), INT64_MAX);
	int64_t sum = 0;
	for (int i = 0; i < 10; i++)
		sum = money_add(sum, top);
	assert_int_equal(sum, INT64_MAX);
}

static void put_rate(const char *cur, const char *date, const char *rate)
{
	int64_t id;
	OK(rate_put(&fx.ctx, cur, date, rate, &id, &fx.err));
}

static void dated_conversion(void **state)
{
	(void)state;
	struct convert *cv;
	int64_t out;
	fx_as(ADMIN);
	put_rate("EUR", "2024-01-01", "1.1");
	put_rate("EUR", "2024-03-01", "1.2");
	put_rate("eur", "2024-03-01", "1.25");	/* replaces that day's */
	put_rate("GBP", "2024-05-01", "1.3");
	OK(convert_load(&fx.ctx, &cv, &fx.err));
	assert_string_equal(convert_base(cv), "USD");
	/* the base converts as is */
	assert_int_equal(convert_amount(cv, "USD", "2020-01-01", 123, 1, &out), 1);
	assert_int_equal(out, 123);
	/* the latest rate on or before the date */
	assert_int_equal(convert_amount(cv, "EUR", "2024-02-29", 10000, 1, &out), 1);
	assert_int_equal(out, 11000);
	assert_int_equal(convert_amount(cv, "EUR", "2024-03-01", 10000, 1, &out), 1);
	assert_int_equal(out, 12500);
	/* before every rate: the latest on or before today (2024-06-03) */
	assert_int_equal(convert_amount(cv, "GBP", "2024-01-01", 10000, 1, &out), 1);
	assert_int_equal(out, 13000);
	/* no date: today */
	assert_int_equal(convert_amount(cv, "EUR", NULL, 10000, 1, &out), 1);
	assert_int_equal(out, 12500);
	/* no rate at all: apart, per currency, never summed */
	assert_int_equal(convert_amount(cv, "JPY", "2024-03-01", 500, 2, &out), 0);
	assert_int_equal(convert_amount(cv, "JPY", NULL, 700, 1, &out), 0);
	assert_int_equal(convert_amount(cv, "CHF", NULL, 100, 1, &out), 0);
	assert_int_equal(out, 0);
	assert_int_equal(convert_again(cv, "JPY", NULL, 700, &out), 0);

	json_t *rep = json_object();
	convert_report(cv, rep);
	char *text = json_dumps(rep, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(text, "{\"currency\":\"USD\",\"rates\":["
		"{\"currency\":\"EUR\",\"rate\":\"1.1\",\"valid_from\":\"2024-01-01\"},"
		"{\"currency\":\"EUR\",\"rate\":\"1.25\",\"valid_from\":\"2024-03-01\"},"
		"{\"currency\":\"GBP\",\"rate\":\"1.3\",\"valid_from\":\"2024-05-01\"}],"
		"\"unconverted\":["
		"{\"currency\":\"CHF\",\"deals\":1,\"value_minor\":100},"
		"{\"currency\":\"JPY\",\"deals\":3,\"value_minor\":1200}]}");
	free(text);
	json_decref(rep);
	convert_free(cv);
}

/* A report's conversion reads each currency in its own minor units. */
static void dated_conversion_exponents(void **state)
{
	(void)state;
	struct convert *cv;
	int64_t out;
	fx_as(ADMIN);
	put_rate("JPY", "2024-01-01", "0.0062");
	put_rate("KWD", "2024-01-01", "3.25");
	OK(convert_load(&fx.ctx, &cv, &fx.err));
	/* JPY 1,000,000 -> USD 6,200.00; KWD 1.234 -> USD 4.01 */
	assert_int_equal(convert_amount(cv, "JPY", "2024-02-01", 1000000, 1,
					&out), 1);
	assert_int_equal(out, 620000);
	assert_int_equal(convert_amount(cv, "KWD", "2024-02-01", 1234, 1, &out), 1);
	assert_int_equal(out, 401);
	convert_free(cv);
}

static void rate_rules(void **state)
{
	(void)state;
	int64_t id, n;
	fx_as(REP_EAST1);
	fx_assert_fail(TRY(rate_put(&fx.ctx, "EUR", "2024-01-01", "1.1", &id,
				    &fx.err)), FC_EFORBIDDEN, "only admins");
	fx_assert_fail(TRY(rate_set_base_currency(&fx.ctx, "EUR", &fx.err)),
		       FC_EFORBIDDEN, "only admins");
	fx_as(ADMIN);
	fx_assert_fail(TRY(rate_put(&fx.ctx, "USD", "2024-01-01", "1", &id,
				    &fx.err)), FC_EINVAL, "is the base currency");
	fx_assert_fail(TRY(rate_put(&fx.ctx, "XYZ", "2024-01-01", "1", &id,
				    &fx.err)), FC_EINVAL, "ISO 4217");
	fx_assert_fail(TRY(rate_put(&fx.ctx, "EUR", "2024-13-01", "1", &id,
				    &fx.err)), FC_EINVAL, "valid_from");
	put_rate("EUR", "2024-01-01", "1.1");
	fx_assert_fail(TRY(rate_set_base_currency(&fx.ctx, "EUR", &fx.err)),
		       FC_ECONFLICT, "are in USD");
	/* a file with a bad row changes nothing */
	static const char csv[] = "currency,date,rate\nGBP,2024-01-01,1.3\n"
				  "GBP,2024-02-01,nope\n";
	int64_t count = -1;
	fx_assert_fail(TRY(rate_import_csv(&fx.ctx, csv, sizeof(csv) - 1, &count,
					   &fx.err)), FC_EINVAL, "line 3");
	n = fx_int("SELECT COUNT(*) FROM exchange_rates");
	assert_int_equal(n, 1);
	/* rates are per organisation */
	fx_as(ADMIN_OTHER);
	struct convert *cv;
	int64_t out;
	OK(convert_load(&fx.ctx, &cv, &fx.err));
	assert_int_equal(convert_amount(cv, "EUR", NULL, 100, 1, &out), 0);
	convert_free(cv);
	OK(rate_set_base_currency(&fx.ctx, "eur", &fx.err));
	char base[4];
	OK(rate_base_currency(&fx.ctx, base, &fx.err));
	assert_string_equal(base, "EUR");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(code_table), cmocka_unit_test(rates_parse),
		cmocka_unit_test(cents_at_rate),
		cmocka_unit_test(exponents_at_rate), T(dated_conversion),
		T(dated_conversion_exponents),
		T(rate_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
