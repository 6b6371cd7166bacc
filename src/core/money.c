/* Amounts in minor units: the one bound, JSON and text forms, and
 * saturating arithmetic for sums (reading text: money-read.c). See
 * money.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "core/currency.h"
#include "core/money.h"
#include "util/json-write.h"
#include "util/banned.h"

static const int64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000 };

int money_digits(const char *currency)
{
	int d = currency_digits(currency);
	return d < 0 ? 2 : d;
}

int money_decimals_error(const char *field, const char *what, int digits,
			 const char *currency, struct fc_error *err)
{
	if (!currency || currency_digits(currency) < 0)
		return fc_fail(err, FC_EINVAL, field, "'%s' has more than %d "
			       "decimals", what, digits);
	if (!digits)
		return fc_fail(err, FC_EINVAL, field, "'%s' has decimals, but %s "
			       "has none", what, currency);
	return fc_fail(err, FC_EINVAL, field, "'%s' has more than %d decimals, "
		       "the most %s has", what, digits, currency);
}

int money_check(int64_t minor, const char *currency, const char *field,
		struct fc_error *err)
{
	char max[32];

	if (minor < 0)
		return fc_fail(err, FC_EINVAL, field, "'%s' cannot be negative",
			       field);
	if (minor > MONEY_MAX_MINOR) {
		money_format(MONEY_MAX_MINOR, currency, max, sizeof(max));
		return fc_fail(err, FC_EINVAL, field, "'%s' must be at most %s",
			       field, max);
	}
	return 0;
}

int money_from_json(json_t *v, const char *currency, const char *field,
		    int64_t *minor, struct fc_error *err)
{
	int digits = money_digits(currency);
	int64_t scale = pow10[digits], c;
	/* anything beyond twice the bound is refused as too large before
	 * it is scaled, so the scaling cannot overflow */
	int64_t limit = MONEY_MAX_MINOR / scale * 2;

	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (n > limit || n < -limit)
			return money_check(INT64_MAX, currency, field, err);
		c = (int64_t)n * scale;
	} else if (json_is_real(v)) {
		double d = json_real_value(v) * (double)scale;
		if (!isfinite(d) || fabs(d) > (double)(limit * scale))
			return money_check(INT64_MAX, currency, field, err);
		if (fabs(d - round(d)) > 1e-6 * (fabs(d) > 1 ? fabs(d) : 1))
			return money_decimals_error(field, field, digits, currency,
						    err);
		c = (int64_t)llround(d);
	} else if (json_is_string(v)) {
		struct fc_error e = { 0 };
		/* beyond int64_t it saturates, for money_check() to refuse
		 * naming the bound; else money_read() says what is wrong */
		if (money_parse(json_string_value(v), currency, &c) &&
		    money_read(json_string_value(v), MONEY_POINT, currency, &c,
			       NULL, &e)) {
			char like[32];
			money_format(1234 * scale + scale / 2, currency, like,
				     sizeof(like));
			return fc_fail(err, FC_EINVAL, field, "'%s' must be an "
				       "amount like %s: %s", field, like, e.message);
		}
	} else {
		return fc_fail(err, FC_EINVAL, field, "'%s' must be an amount",
			       field);
	}
	int rc = money_check(c, currency, field, err);
	if (!rc)
		*minor = c;
	return rc;
}

int money_rescale(int64_t minor, int from, int to, int64_t *out)
{
	if (from < 0 || to < 0 || from > 4 || to > 4)
		return -1;
	if (to >= from)
		return __builtin_mul_overflow(minor, pow10[to - from], out) ? -1 : 0;
	if (minor % pow10[from - to])
		return -1;
	*out = minor / pow10[from - to];
	return 0;
}

int64_t money_from_hundredths(int64_t hundredths, const char *currency)
{
	int digits = money_digits(currency);
	int64_t out;
	if (digits >= 2)
		return money_rescale(hundredths, 2, digits, &out) ? (hundredths < 0 ?
			INT64_MIN : INT64_MAX) : out;
	int64_t div = pow10[2 - digits], half = div / 2;
	/* half away from zero without overflowing near the ends */
	int64_t q = hundredths / div, r = hundredths % div;
	if (r >= half)
		q++;
	else if (r <= -half)
		q--;
	return q;
}

/* An amount in whole units: an integer where it is whole (returns 1 with
 * *WHOLE), else a real (returns 0 with *REAL). The one rule behind
 * money_json() and money_write(). */
static int whole_units(int64_t minor, const char *currency, int64_t *whole,
		       double *real)
{
	int64_t scale = pow10[money_digits(currency)];

	if (minor % scale == 0) {
		*whole = minor / scale;
		return 1;
	}
	*real = (double)minor / (double)scale;
	return 0;
}

json_t *money_json(int64_t minor, const char *currency)
{
	int64_t whole = 0;
	double real = 0;

	if (whole_units(minor, currency, &whole, &real))
		return json_integer(whole);
	return json_real(real);
}

void money_write(struct jw *w, int64_t minor, const char *currency)
{
	int64_t whole = 0;
	double real = 0;

	if (whole_units(minor, currency, &whole, &real))
		jw_int(w, whole);
	else
		jw_real(w, real);
}

int64_t money_json_minor(json_t *v, const char *currency)
{
	int64_t scale = pow10[money_digits(currency)];

	if (json_is_integer(v))
		return money_mul(json_integer_value(v), scale);
	if (json_is_real(v)) {
		double d = json_real_value(v) * (double)scale;
		if (!isfinite(d) || d >= 9.2e18 || d <= -9.2e18)
			return d < 0 ? INT64_MIN : INT64_MAX;
		return (int64_t)llround(d);
	}
	return 0;
}

void money_format(int64_t minor, const char *currency, char *out, size_t n)
{
	int digits = money_digits(currency);
	uint64_t scale = (uint64_t)pow10[digits];
	/* INT64_MIN has no positive counterpart: print it through uint64_t */
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;

	if (!digits)
		snprintf(out, n, "%s%" PRIu64, minor < 0 ? "-" : "", a);
	else
		snprintf(out, n, "%s%" PRIu64 ".%0*" PRIu64, minor < 0 ? "-" : "",
			 a / scale, digits, a % scale);
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
