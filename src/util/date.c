/* Date parsing, formatting and the clock; see date.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"
#include "util/banned.h"

int32_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int yy = (int)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int parse_ymd(const char *s, int32_t *days)
{
	int y, m, d;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

int date_parse(const char *s, int32_t *days)
{
	if (!s || strlen(s) != 10)
		return -1;
	return parse_ymd(s, days);
}

int time_parse(const char *s, int64_t *t)
{
	int32_t days;
	int hh = 0, mm = 0, ss = 0, off = 0;
	if (!s || strlen(s) < 10 || parse_ymd(s, &days))
		return -1;
	const char *p = s + 10;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(p, 2, &hh) || p[2] != ':' || digits(p + 3, 2, &mm))
			return -1;
		p += 5;
		if (*p == ':') {
			if (digits(p + 1, 2, &ss))
				return -1;
			p += 3;
			if (*p == '.') {	/* fractions are dropped */
				p++;
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		if (hh > 23 || mm > 59 || ss > 60)
			return -1;
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			int sign = *p == '-' ? -1 : 1;
			if (digits(p + 1, 2, &oh))
				return -1;
			p += 3;
			if (*p == ':')
				p++;
			if (digits(p, 2, &om))
				return -1;
			p += 2;
			if (oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	*t = (int64_t)days * 86400 + hh * 3600 + mm * 60 + ss - off;
	return 0;
}

/* V (below 10^WIDTH) in WIDTH decimal digits with leading zeros at P:
 * what "%0Nu" writes, without printf, as every row written takes its
 * time stamps from here. */
static char *put_digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* "YYYY-MM-DD" of DAYS at P, unterminated; the year modulo 10,000. */
static char *put_date(char *p, int32_t days)
{
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	p = put_digits(p, (unsigned)y % 10000u, 4);
	*p++ = '-';
	p = put_digits(p, m % 100u, 2);
	*p++ = '-';
	return put_digits(p, d % 100u, 2);
}

void date_format(int32_t days, char out[DATE_LEN])
{
	*put_date(out, days) = '\0';
}

void time_format(int64_t t, char out[TIME_LEN])
{
	int32_t days = date_from_time(t);
	int64_t secs = t - (int64_t)days * 86400;
	char *p = put_date(out, days);
	*p++ = 'T';
	p = put_digits(p, (unsigned)(secs / 3600) % 100u, 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)(secs / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)(secs % 60), 2);
	*p++ = 'Z';
	*p = '\0';
}

int32_t date_from_time(int64_t t)
{
	int64_t d = t / 86400;
	if (t % 86400 < 0)
		d--;
	return (int32_t)d;
}

int64_t time_from_date(int32_t days)
{
	return (int64_t)days * 86400;
}

int clock_check_env(void)
{
	const char *e = getenv("FULCRUM_NOW");
	int64_t t;
	if (!e || !*e)
		return 0;
	return time_parse(e, &t);
}

int64_t clock_now(void)
{
	const char *e = getenv("FULCRUM_NOW");
	int64_t t;
	if (e && *e && time_parse(e, &t) == 0) {
		/* a bare date means noon, so "today" is the same in every zone */
		if (strlen(e) == 10)
			t += 12 * 3600;
		return t;
	}
	return (int64_t)time(NULL);
}
