/* Amounts in cents: the one bound, JSON and text forms, and saturating
 * arithmetic for sums (reading text: money-read.c). See money.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "core/money.h"
#include "util/banned.h"

int money_check(int64_t cents, const char *field, struct fc_error *err)
{
	if (cents < 0)
		return fc_fail(err, FC_EINVAL, field, "'%s' cannot be negative",
			       field);
	if (cents > MONEY_MAX_CENTS)
		return fc_fail(err, FC_EINVAL, field, "'%s' must be at most %s",
			       field, MONEY_MAX_TEXT);
	return 0;
}

int money_from_json(json_t *v, const char *field, int64_t *cents,
		    struct fc_error *err)
{
	int64_t c;

	/* anything beyond twice the bound is refused as too large before
	 * it is scaled, so the scaling cannot overflow */
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (n > MONEY_MAX_CENTS / 50 || n < -MONEY_MAX_CENTS / 50)
			return fc_fail(err, FC_EINVAL, field, "'%s' must be at "
				       "most %s", field, MONEY_MAX_TEXT);
		c = (int64_t)n * 100;
	} else if (json_is_real(v)) {
		double d = json_real_value(v);
		if (!isfinite(d) || fabs(d) > (double)(MONEY_MAX_CENTS / 50))
			return fc_fail(err, FC_EINVAL, field, "'%s' must be at "
				       "most %s", field, MONEY_MAX_TEXT);
		c = (int64_t)llround(d * 100.0);
	} else if (json_is_string(v)) {
		if (money_parse(json_string_value(v), &c))
			return fc_fail(err, FC_EINVAL, field,
				       "'%s' must be an amount like 1234.50", field);
	} else {
		return fc_fail(err, FC_EINVAL, field, "'%s' must be an amount",
			       field);
	}
	int rc = money_check(c, field, err);
	if (!rc)
		*cents = c;
	return rc;
}

json_t *money_json(int64_t cents)
{
	if (cents % 100 == 0)
		return json_integer(cents / 100);
	return json_real((double)cents / 100.0);
}

int64_t money_json_cents(json_t *v)
{
	if (json_is_integer(v))
		return money_mul(json_integer_value(v), 100);
	if (json_is_real(v)) {
		double d = json_real_value(v) * 100.0;
		if (!isfinite(d) || d >= 9.2e18 || d <= -9.2e18)
			return d < 0 ? INT64_MIN : INT64_MAX;
		return (int64_t)llround(d);
	}
	return 0;
}

void money_format(int64_t cents, char *out, size_t n)
{
	/* INT64_MIN has no positive counterpart: print it through uint64_t */
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(out, n, "%s%" PRIu64 ".%02" PRIu64, cents < 0 ? "-" : "",
		 a / 100, a % 100);
}

int64_t money_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

int64_t money_mul(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
	return r;
}
