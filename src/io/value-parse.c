/* Imported-value parsers; see value-parse.h. Messages quote the value so
 * an import report can show them as they are. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "io/value-parse.h"
#include "util/date.h"
#include "util/banned.h"

/* Values longer than this are not dates, amounts or booleans. */
#define MAX_VALUE 128

int value_date_format_from_name(const char *name)
{
	if (!name)
		return -1;
	if (strcasecmp(name, "auto") == 0)
		return VALUE_DATE_AUTO;
	if (strcasecmp(name, "iso") == 0)
		return VALUE_DATE_ISO;
	if (strcasecmp(name, "us") == 0)
		return VALUE_DATE_US;
	if (strcasecmp(name, "eu") == 0)
		return VALUE_DATE_EU;
	return -1;
}

/* Copies S without surrounding spaces into OUT (size MAX_VALUE + 1);
 * -1 when too long. */
static int trimmed(const char *s, char out[MAX_VALUE + 1])
{
	size_t n;

	if (!s)
		s = "";
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n > MAX_VALUE)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Reads 1..MAXD digits at *P. */
static int digits(const char **p, int maxd, int *v)
{
	int n = 0;

	*v = 0;
	while (isdigit((unsigned char)**p) && n < maxd) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

static int civil_ok(int y, int m, int d, int32_t *days)
{
	int yy;
	unsigned mm, dd;
	int32_t z;

	/* the range the store accepts (util/date.c) */
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	z = days_from_civil(y, (unsigned)m, (unsigned)d);
	civil_from_days(z, &yy, &mm, &dd);
	if (yy != y || (int)mm != m || (int)dd != d)
		return 0;
	*days = z;
	return 1;
}

/* The shape of a date: Y-M-D (ISO or slashes) or A?B?YYYY. */
struct date_shape {
	int ymd;		/* year first */
	int a, b, y;
	char sep;
	int has_time;		/* ISO date-time: use time_parse */
};

static int date_shape(const char *s, struct date_shape *sh)
{
	const char *p = s;
	int v, n;

	memset(sh, 0, sizeof(*sh));
	n = digits(&p, 4, &v);
	if (n == 4 && (*p == '-' || *p == '/')) {
		sh->ymd = 1;
		sh->sep = *p++;
		sh->y = v;
		if (!digits(&p, 2, &sh->a) || *p++ != sh->sep ||
		    !digits(&p, 2, &sh->b))
			return -1;
		if (*p == 'T' || *p == ' ') {
			if (sh->sep != '-')
				return -1;
			sh->has_time = 1;
			return 0;
		}
		return *p ? -1 : 0;
	}
	if (n < 1 || n > 2 || (*p != '/' && *p != '.' && *p != '-'))
		return -1;
	sh->a = v;
	sh->sep = *p++;
	if (!digits(&p, 2, &sh->b) || *p++ != sh->sep)
		return -1;
	if (digits(&p, 4, &sh->y) != 4)
		return -1;
	if (*p == '.' && sh->sep == '.')
		p++;
	return *p ? -1 : 0;
}

int value_parse_date(const char *s, enum value_date_format fmt,
		     int32_t *days, struct fc_error *err)
{
	char v[MAX_VALUE + 1];
	struct date_shape sh;
	int day_first;

	if (trimmed(s, v) || date_shape(v, &sh))
		return fc_fail(err, FC_EINVAL, NULL, "'%.64s' is not a date",
			       s ? s : "");
	if (sh.ymd) {
		if (sh.has_time) {
			int64_t t;

			if (time_parse(v, &t))
				return fc_fail(err, FC_EINVAL, NULL,
					       "'%s' is not a date", v);
			*days = date_from_time(t);
			return 0;
		}
		if (!civil_ok(sh.y, sh.a, sh.b, days))
			return fc_fail(err, FC_EINVAL, NULL,
				       "'%s' is not a valid date", v);
		return 0;
	}
	if (fmt == VALUE_DATE_ISO)
		return fc_fail(err, FC_EINVAL, NULL, "'%s' is not an ISO date "
			       "(YYYY-MM-DD)", v);
	if (fmt == VALUE_DATE_US)
		day_first = 0;
	else if (fmt == VALUE_DATE_EU || sh.sep == '.')
		day_first = 1;
	else if (sh.a > 12 && sh.b <= 12)
		day_first = 1;
	else if (sh.b > 12 && sh.a <= 12)
		day_first = 0;
	else if (sh.a == sh.b)
		day_first = 1;
	else
		return fc_fail(err, FC_EINVAL, NULL, "'%s' is ambiguous: give "
			       "--date-format us or eu", v);
	if (fmt == VALUE_DATE_US && sh.sep == '.')
		return fc_fail(err, FC_EINVAL, NULL, "'%s' is not a US date "
			       "(M/D/YYYY)", v);
	if (!civil_ok(sh.y, day_first ? sh.b : sh.a, day_first ? sh.a : sh.b,
		      days))
		return fc_fail(err, FC_EINVAL, NULL, "'%s' is not a valid date",
			       v);
	return 0;
}

void value_date_detect_init(struct value_date_detect *d)
{
	memset(d, 0, sizeof(*d));
}

static void keep_example(char *dst, size_t size, const char *v)
{
	if (!dst[0])
		snprintf(dst, size, "%s", v);
}

void value_date_detect_add(struct value_date_detect *d, const char *s)
{
	char v[MAX_VALUE + 1];
	struct date_shape sh;
	int32_t days;
	int us, eu;

	if (trimmed(s, v) || date_shape(v, &sh) || sh.ymd)
		return;
	us = sh.sep != '.' && civil_ok(sh.y, sh.a, sh.b, &days);
	eu = civil_ok(sh.y, sh.b, sh.a, &days);
	if (us && !eu) {
		d->us_only++;
		keep_example(d->us_example, sizeof(d->us_example), v);
	} else if (eu && !us) {
		d->eu_only++;
		keep_example(d->eu_example, sizeof(d->eu_example), v);
	} else if (us && eu && sh.a != sh.b) {
		keep_example(d->ambiguous, sizeof(d->ambiguous), v);
	}
}

int value_date_detect_result(const struct value_date_detect *d,
			     enum value_date_format *fmt,
			     struct fc_error *err)
{
	*fmt = VALUE_DATE_AUTO;
	if (d->us_only && d->eu_only)
		return fc_fail(err, FC_EINVAL, NULL, "dates mix month-first "
			       "'%s' and day-first '%s': give --date-format us "
			       "or eu", d->us_example, d->eu_example);
	if (d->us_only)
		*fmt = VALUE_DATE_US;
	else if (d->eu_only)
		*fmt = VALUE_DATE_EU;
	else if (d->ambiguous[0])
		return fc_fail(err, FC_EINVAL, NULL, "'%s' is ambiguous: give "
			       "--date-format us or eu", d->ambiguous);
	return 0;
}

int value_parse_bool(const char *s, int *out, struct fc_error *err)
{
	static const char *const yes[] = { "true", "yes", "y", "on", "1" };
	static const char *const no[] = { "false", "no", "n", "off", "0" };
	char v[MAX_VALUE + 1];

	if (!trimmed(s, v)) {
		for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
			if (strcasecmp(v, yes[i]) == 0) {
				*out = 1;
				return 0;
			}
			if (strcasecmp(v, no[i]) == 0) {
				*out = 0;
				return 0;
			}
		}
	}
	return fc_fail(err, FC_EINVAL, NULL, "'%.64s' is not a boolean "
		       "(true/false, yes/no, 1/0)", s ? s : "");
}

static int local_char_ok(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || strchr("!#$%&'*+/=?^_`{|}~-.", c);
}

int value_email_valid(const char *s)
{
	const char *at, *p, *label;
	size_t len;
	int labels = 0, alldigits = 1;

	if (!s)
		return 0;
	len = strlen(s);
	at = strchr(s, '@');
	if (len > 254 || !at || strchr(at + 1, '@') || at == s ||
	    at - s > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (p = s; p < at; p++)
		if (!local_char_ok((unsigned char)*p) ||
		    (*p == '.' && p[1] == '.') || !*p)
			return 0;
	label = at + 1;
	for (p = label;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.' || c == '\0') {
			size_t ll = (size_t)(p - label);

			if (ll == 0 || ll > 63 || label[0] == '-' ||
			    p[-1] == '-')
				return 0;
			labels++;
			if (c == '\0')
				break;
			label = p + 1;
			alldigits = 1;
			continue;
		}
		if (!isalnum(c) && c != '-' && c < 0x80)
			return 0;
		if (!isdigit(c))
			alldigits = 0;
	}
	return labels >= 2 && !alldigits;
}

int value_parse_email(const char *s, struct fc_error *err)
{
	if (value_email_valid(s))
		return 0;
	return fc_fail(err, FC_EINVAL, NULL, "'%.64s' is not an email address",
		       s ? s : "");
}
