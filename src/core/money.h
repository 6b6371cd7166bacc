/* Money: amounts are integer cents everywhere inside Fulcrum (columns
 * *_cents, history events, sums); people and the API see decimals. Every
 * amount that enters the store passes money_check() (through
 * money_from_json() for the record layer), which bounds it to
 * MONEY_MAX_CENTS, so that sums of many amounts stay far inside int64_t;
 * sums in C use money_add() / money_mul(), which saturate instead of
 * overflowing. */
#ifndef FC_CORE_MONEY_H
#define FC_CORE_MONEY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* The largest amount of one record: 10,000,000,000.00 in its currency.
 * 9 million records at this amount still sum exactly in an int64_t. */
#define MONEY_MAX_CENTS INT64_C(1000000000000)
#define MONEY_MAX_TEXT "10000000000.00"

/* Refuses CENTS below 0 or above MONEY_MAX_CENTS with FC_EINVAL naming
 * FIELD. The one bound on amounts: the record layer, the JSON restore and
 * the demo all call it. */
int money_check(int64_t cents, const char *field, struct fc_error *err);

/* An amount given as JSON: a number (1234.5, or 1234 as a JSON integer)
 * or a string ("1234.50", "$1,234.50"), in whole units; checked by
 * money_check(). */
int money_from_json(json_t *v, const char *field, int64_t *cents,
		    struct fc_error *err);

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

/* The one grammar of an amount as people write it: "$1,200.50",
 * "-1.200,50 €", "USD 1,200.00", "1.200,00 EUR", "(45.00)", "12.30-",
 * "1 200,5", "1'234.50 CHF", "£3", "¥1200"; at most two decimals (trailing
 * zeros aside). *CENTS gets the amount in hundredths, CURRENCY (may be NULL)
 * the ISO code a symbol or code named ("" when none; $ reads as USD, ¥ as
 * JPY). 0, or FC_EINVAL quoting S: not an amount, more than 2 decimals, too
 * large (16 digits of units and more). The caller bounds the result with
 * money_check(). */
int money_read(const char *s, enum money_marks marks, int64_t *cents,
	       char currency[4], struct fc_error *err);

/* money_read() with MONEY_POINT and no message: 0 or -1. Beyond what
 * int64_t holds the amount saturates, for money_check() to refuse. */
int money_parse(const char *s, int64_t *cents);

/* 123450 -> 1234.5 as a JSON real (exact to the cent when printed %.2f). */
json_t *money_json(int64_t cents);
/* The inverse of money_json(): a JSON number in whole units -> cents
 * (saturating; 0 for anything else). No bound: for amounts read back. */
int64_t money_json_cents(json_t *v);
void money_format(int64_t cents, char *out, size_t n);	/* "1234.50" */

/* A + B and A * B, saturating at INT64_MIN / INT64_MAX. */
int64_t money_add(int64_t a, int64_t b);
int64_t money_mul(int64_t a, int64_t b);

#endif
