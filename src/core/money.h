/* Money: amounts are integers in the minor unit of their currency
 * everywhere inside Fulcrum (ISO 4217's exponent: a yen for JPY, a cent for
 * USD, a fils for KWD; columns value_cents / price_cents, JSON *_minor,
 * history events, sums); people and the API's `value` see decimals. Every
 * amount that enters the store passes money_check() (through
 * money_from_json() for the record layer), which bounds it to
 * MONEY_MAX_MINOR, so that sums of many amounts stay far inside int64_t;
 * sums in C use money_add() / money_mul(), which saturate instead of
 * overflowing. A CURRENCY argument below is an ISO 4217 code; NULL or a
 * code outside the table reads as two decimals. */
#ifndef FC_CORE_MONEY_H
#define FC_CORE_MONEY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* The largest amount of one record: 10^12 minor units of its currency
 * (USD 10,000,000,000.00, JPY 1,000,000,000,000, KWD 1,000,000,000.000).
 * 9 million records at this amount still sum exactly in an int64_t. */
#define MONEY_MAX_MINOR INT64_C(1000000000000)
/* The bound of a two-decimal currency, as text. */
#define MONEY_MAX_TEXT "10000000000.00"

/* The number of decimals of CURRENCY's minor unit (0 to 4), 2 for NULL or
 * a code outside the table. */
int money_digits(const char *currency);

/* Refuses MINOR below 0 or above MONEY_MAX_MINOR with FC_EINVAL naming
 * FIELD (and the bound in CURRENCY's decimals). The one bound on amounts:
 * the record layer, the JSON restore and the demo all call it. */
int money_check(int64_t minor, const char *currency, const char *field,
		struct fc_error *err);

/* An amount of CURRENCY given as JSON: a number (1234.5, or 1234 as a JSON
 * integer) or a string ("1234.50", "$1,234.50"), in whole units, into
 * minor units; at most the currency's decimals; checked by
 * money_check(). */
int money_from_json(json_t *v, const char *currency, const char *field,
		    int64_t *minor, struct fc_error *err);

/* MINOR of a currency with FROM decimals in minor units of one with TO
 * decimals, into *OUT: 0, or -1 when that would drop a nonzero digit (USD
 * 10.50 as yen) or overflow. */
int money_rescale(int64_t minor, int from, int to, int64_t *out);

/* How a text amount's '.' and ',' read. */
enum money_marks {
	MONEY_POINT,	/* '.' is the decimal mark, ',' groups three digits:
			   what the API and the CLI take */
	MONEY_DETECT,	/* either may be the mark, told by position (files
			   of other CRMs and locales): with both, the last
			   is the mark; a lone one followed by exactly three
			   digits groups thousands ("2.500"), else it is the
			   mark ("0,50") */
};

/* FC_EINVAL for FIELD (may be NULL): WHAT (the field's name or a quoted
 * amount) has more decimals than DIGITS, the number CURRENCY has. The
 * message names the rule: "'1000.5' has decimals, but JPY has none". */
int money_decimals_error(const char *field, const char *what, int digits,
			 const char *currency, struct fc_error *err);

/* HUNDREDTHS of CURRENCY (how every amount was kept before sql/012) in its
 * minor units: JPY 100050 is 1001 (half away from zero), KWD 1234 is
 * 12340 (saturating). */
int64_t money_from_hundredths(int64_t hundredths, const char *currency);

/* The one grammar of an amount as people write it: "$1,200.50",
 * "-1.200,50 €", "USD 1,200.00", "1.200,00 EUR", "(45.00)", "12.30-",
 * "1 200,5", "1'234.50 CHF", "£3", "¥1200"; at most the decimals of the
 * amount's currency (trailing zeros aside): IN_CURRENCY when the caller
 * knows it, else the one the text names, else two. *MINOR gets the amount
 * in that currency's minor units, CURRENCY (may be NULL) the ISO code a
 * symbol or code named ("" when none; $ reads as USD, ¥ as JPY). 0, or
 * FC_EINVAL quoting S: not an amount, more decimals than the currency has
 * ("'1000.5' has decimals, but JPY has none"), too large (16 digits of
 * units and more). The caller bounds the result with money_check(). */
int money_read(const char *s, enum money_marks marks, const char *in_currency,
	       int64_t *minor, char currency[4], struct fc_error *err);

/* money_read() with MONEY_POINT and no message: 0 or -1. Beyond what
 * int64_t holds the amount saturates, for money_check() to refuse. */
int money_parse(const char *s, const char *in_currency, int64_t *minor);

/* 123450 USD -> 1234.5, 1000 JPY -> 1000: whole units as a JSON integer
 * when there is no fraction, else a real (exact when printed with the
 * currency's decimals). */
json_t *money_json(int64_t minor, const char *currency);
/* The same number written by a JSON writer (util/json-write.h). */
struct jw;
void money_write(struct jw *w, int64_t minor, const char *currency);
/* The inverse of money_json(): a JSON number in whole units -> minor units
 * (saturating; 0 for anything else). No bound: for amounts read back. */
int64_t money_json_minor(json_t *v, const char *currency);
/* "1234.50" (USD), "1000" (JPY), "1.234" (KWD) */
void money_format(int64_t minor, const char *currency, char *out, size_t n);

/* A + B and A * B, saturating at INT64_MIN / INT64_MAX. */
int64_t money_add(int64_t a, int64_t b);
int64_t money_mul(int64_t a, int64_t b);

#endif
