/* The one grammar of an amount as people write it, for the API, the CLI
 * and imported files; see money.h. Messages quote the value, so an import
 * report can show it as it is. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/currency.h"
#include "core/money.h"
#include "util/banned.h"

/* Amounts longer than this are not amounts. */
#define MONEY_TEXT_MAX 128
/* 10^15 units. */
#define MONEY_TEXT_TOO_LARGE INT64_C(1000000000000000)

static const struct {
	const char *sym;
	const char *code;
} money_symbols[] = {
	{ "US$", "USD" }, { "$", "USD" }, { "\xe2\x82\xac", "EUR" },
	{ "\xc2\xa3", "GBP" }, { "\xc2\xa5", "JPY" }, { "\xef\xbf\xa5", "JPY" },
};

/* Strips a currency symbol or ISO code at the start (or, AT_END, the end)
 * of V in place and records it in CUR; returns 1 when one was found. */
static int strip_currency(char *v, char cur[4], int at_end)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < sizeof(money_symbols) / sizeof(money_symbols[0]);
	     i++) {
		size_t k = strlen(money_symbols[i].sym);

		if (n < k)
			continue;
		if (!at_end && memcmp(v, money_symbols[i].sym, k) == 0) {
			memmove(v, v + k, n - k + 1);
		} else if (at_end && memcmp(v + n - k, money_symbols[i].sym,
					    k) == 0) {
			v[n - k] = '\0';
		} else {
			continue;
		}
		memcpy(cur, money_symbols[i].code, 4);
		return 1;
	}
	if (n >= 3) {
		const char *c = at_end ? v + n - 3 : v;

		if (isupper((unsigned char)c[0]) && isupper((unsigned char)c[1])
		    && isupper((unsigned char)c[2]) &&
		    (n == 3 || !isalpha((unsigned char)(at_end ? c[-1]
								: c[3])))) {
			memcpy(cur, c, 3);
			cur[3] = '\0';
			if (at_end)
				v[n - 3] = '\0';
			else
				memmove(v, v + 3, n - 3 + 1);
			return 1;
		}
	}
	return 0;
}

static void trim_inplace(char *v)
{
	size_t n = strlen(v), lead = 0;

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
			 v[n - 1] == '\r' || v[n - 1] == '\n'))
		v[--n] = '\0';
	while (v[lead] == ' ' || v[lead] == '\t')
		lead++;
	memmove(v, v + lead, n - lead + 1);
}

/* Takes the sign, the parentheses and the currency off V in place: "-$5",
 * "$-5", "(45.00)", "12.30-", "1.200,00 EUR". */
static void strip_sign_and_currency(char *v, int *neg, char cur[4])
{
	size_t n = strlen(v);
	int found = 0;

	if (n > 1 && v[0] == '(' && v[n - 1] == ')') {
		*neg = 1;
		v[n - 1] = '\0';
		memmove(v, v + 1, n - 1);
		trim_inplace(v);
	}
	/* a sign may come before or after the symbol */
	for (int pass = 0; pass < 2; pass++) {
		if (v[0] == '-' || v[0] == '+') {
			*neg ^= v[0] == '-';
			memmove(v, v + 1, strlen(v));
			trim_inplace(v);
		} else if (strncmp(v, "\xe2\x88\x92", 3) == 0) {	/* − */
			*neg ^= 1;
			memmove(v, v + 3, strlen(v) - 2);
			trim_inplace(v);
		}
		if (!found && strip_currency(v, cur, 0)) {
			found = 1;
			trim_inplace(v);
		}
	}
	if (!found && strip_currency(v, cur, 1))
		trim_inplace(v);
	n = strlen(v);
	if (n > 0 && v[n - 1] == '-') {
		*neg ^= 1;
		v[--n] = '\0';
		trim_inplace(v);
	}
}

/* The decimal mark of NUM (digits, '.' and ','), or 0 for none; -1 when
 * the separators cannot be read. With MONEY_POINT only '.' is one, and a
 * ',' groups exactly three digits before it. With MONEY_DETECT, with both
 * the last is the mark; a lone separator followed by exactly three digits
 * groups thousands ("2.500"), otherwise it is the mark ("0,50"). */
static int decimal_mark(const char *num, enum money_marks marks)
{
	const char *ld = strrchr(num, '.'), *lc = strrchr(num, ',');
	const char *last = ld > lc ? ld : lc;

	if (marks == MONEY_POINT) {
		if (ld && strchr(num, '.') != ld)
			return -1;
		for (const char *p = num; *p; p++) {
			if (*p != ',')
				continue;
			if ((ld && p > ld) || p == num ||
			    strspn(p + 1, "0123456789") != 3)
				return -1;
		}
		return ld ? '.' : 0;
	}
	if (ld && lc)
		return *last;
	if (last) {
		int count = 0;

		for (const char *p = num; *p; p++)
			count += *p == *last;
		if (count == 1 && (strlen(last + 1) != 3 || last == num ||
				   (last == num + 1 && num[0] == '0')))
			return *last;
	}
	return 0;
}

enum scan_result { SCAN_OK, SCAN_BAD, SCAN_DECIMALS };

/* The grammar itself, for a currency of DIGITS decimals (-1: of the
 * currency the text names, else 2; *DIGITS gets the number used). *UNITS
 * gets the whole units, *MINOR the amount; both saturate at INT64_MIN /
 * INT64_MAX beyond what int64_t holds. */
static enum scan_result scan(const char *s, enum money_marks marks,
			     int *digits, int64_t *whole, int64_t *minor,
			     char cur[4])
{
	char v[MONEY_TEXT_MAX + 1], num[MONEY_TEXT_MAX + 1];
	size_t n, k = 0;
	int neg = 0, fracdigits = 0, huge = 0, dec;
	int64_t units = 0, frac = 0;
	const char *p;

	cur[0] = '\0';
	n = s ? strlen(s) : 0;
	if (n > MONEY_TEXT_MAX)
		return SCAN_BAD;
	memcpy(v, s ? s : "", n + 1);
	trim_inplace(v);
	strip_sign_and_currency(v, &neg, cur);
	if (*digits < 0)
		*digits = cur[0] && currency_digits(cur) >= 0 ?
			  currency_digits(cur) : 2;
	/* keep digits and the separators; spaces, apostrophes and no-break
	 * spaces only group thousands */
	for (p = v; *p; p++) {
		if (isdigit((unsigned char)*p) || *p == '.' || *p == ',')
			num[k++] = *p;
		else if (*p == ' ' || *p == '\'')
			continue;
		else if (strncmp(p, "\xc2\xa0", 2) == 0)
			p++;
		else if (strncmp(p, "\xe2\x80\xaf", 3) == 0)
			p += 2;
		else
			return SCAN_BAD;
	}
	num[k] = '\0';
	if (!k || !isdigit((unsigned char)num[k - 1]) ||
	    !(isdigit((unsigned char)num[0]) || num[0] == '.' ||
	      num[0] == ','))
		return SCAN_BAD;
	if ((dec = decimal_mark(num, marks)) < 0)
		return SCAN_BAD;
	for (p = num; *p && *p != dec; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		if (__builtin_mul_overflow(units, 10, &units) ||
		    __builtin_add_overflow(units, *p - '0', &units))
			huge = 1;
	}
	if (*p == dec && dec) {
		for (p++; *p; p++) {
			if (!isdigit((unsigned char)*p))
				return SCAN_BAD;
			if (fracdigits >= *digits) {
				if (*p != '0')
					return SCAN_DECIMALS;
				continue;
			}
			frac = frac * 10 + (*p - '0');
			fracdigits++;
		}
	}
	for (; fracdigits < *digits; fracdigits++)
		frac *= 10;
	*whole = huge ? INT64_MAX : units;
	if (neg)
		*whole = -*whole;
	for (int i = 0; i < *digits && !huge; i++)
		huge = __builtin_mul_overflow(units, 10, &units);
	if (huge || __builtin_add_overflow(units, frac, &units))
		*minor = neg ? INT64_MIN : INT64_MAX;
	else
		*minor = neg ? -units : units;
	return SCAN_OK;
}

int money_read(const char *s, enum money_marks marks, const char *in_currency,
	       int64_t *minor, char currency[4], struct fc_error *err)
{
	char ignored[4];
	int64_t whole = 0, m = 0;
	int digits = in_currency && *in_currency ? money_digits(in_currency) : -1;

	if (!currency)
		currency = ignored;
	switch (scan(s, marks, &digits, &whole, &m, currency)) {
	case SCAN_BAD:
		currency[0] = '\0';
		return fc_fail(err, FC_EINVAL, NULL, "'%.64s' is not an amount",
			       s ? s : "");
	case SCAN_DECIMALS: {
		char quoted[80];
		snprintf(quoted, sizeof(quoted), "%.64s", s);
		return money_decimals_error(NULL, quoted, digits, in_currency &&
					    *in_currency ? in_currency :
					    currency[0] ? currency : NULL, err);
	}
	case SCAN_OK:
		break;
	}
	/* 16 digits of units and more are no amount anyone wrote; below,
	 * money_check() applies the bound with the field's name */
	if (whole >= MONEY_TEXT_TOO_LARGE || whole <= -MONEY_TEXT_TOO_LARGE)
		return fc_fail(err, FC_EINVAL, NULL, "'%.64s' is too large", s);
	*minor = m;
	return 0;
}

int money_parse(const char *s, const char *in_currency, int64_t *minor)
{
	char currency[4];
	int64_t whole;
	int digits = in_currency && *in_currency ? money_digits(in_currency) : -1;

	return scan(s, MONEY_POINT, &digits, &whole, minor, currency) ==
	       SCAN_OK ? 0 : -1;
}
