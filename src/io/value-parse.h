/* Values as they come in imported files: dates in the orders people write
 * them, booleans and email addresses (amounts are core/money.h's
 * money_read()). Each parser takes one field's text and returns 0 or
 * FC_EINVAL with a message that quotes the value. Pure; fuzzed by
 * tests/fuzz/fuzz-value.c. */
#ifndef FC_IO_VALUE_PARSE_H
#define FC_IO_VALUE_PARSE_H

#include <stdint.h>

#include "util/error.h"

enum value_date_format {
	VALUE_DATE_AUTO = 0,	/* ISO, Y/M/D, or D/M vs M/D when it is clear */
	VALUE_DATE_ISO,		/* YYYY-MM-DD (a date-time gives its UTC date),
				   YYYY/MM/DD */
	VALUE_DATE_US,		/* M/D/YYYY (and the ISO forms) */
	VALUE_DATE_EU,		/* D/M/YYYY, D.M.YYYY, D-M-YYYY (and ISO) */
};

/* "iso", "us", "eu" (or "auto") to the enum; -1 when unknown. */
int value_date_format_from_name(const char *name);

/* Parses S into days since 1970-01-01. In AUTO, "03/04/2024" is refused as
 * ambiguous while "13/04/2024" (only D/M fits) and "04/13/2024" are read;
 * D.M.YYYY is always day first. */
int value_parse_date(const char *s, enum value_date_format fmt,
		     int32_t *days, struct fc_error *err);

/* Decides one column's order from all its values: feed every value, then
 * ask. Values that are not day/month dates are ignored. */
struct value_date_detect {
	int us_only, eu_only;		/* values only one order can read */
	char us_example[129], eu_example[129];
	char ambiguous[129];		/* first value either order can read */
};
void value_date_detect_init(struct value_date_detect *d);
void value_date_detect_add(struct value_date_detect *d, const char *s);
/* *FMT gets US, EU, or AUTO (nothing to decide). FC_EINVAL when the column
 * mixes both orders or cannot tell ("'03/04/2024' is ambiguous: give
 * --date-format us or eu"). */
int value_date_detect_result(const struct value_date_detect *d,
			     enum value_date_format *fmt,
			     struct fc_error *err);

/* true/false, yes/no, y/n, on/off, 1/0 in any case. */
int value_parse_bool(const char *s, int *out, struct fc_error *err);

/* 1 when S looks like an email address: one '@', a local part of 1-64
 * bytes without spaces or leading, trailing or double dots, a domain of
 * dot-separated labels (letters, digits, '-', or UTF-8), at most 254
 * bytes. No lookup is made. */
int value_email_valid(const char *s);
int value_parse_email(const char *s, struct fc_error *err);

#endif
