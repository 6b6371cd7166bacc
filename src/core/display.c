/* Values as people read them. See display.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/display.h"
#include "core/money.h"
#include "util/banned.h"

void money_display(int64_t minor, const char *currency, char *out, size_t n)
{
	int digits = money_digits(currency);
	uint64_t scale = 1;
	/* INT64_MIN has no positive counterpart: work in uint64_t */
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	char digits_text[32], grouped[48], frac[8] = "";
	size_t g = 0;

	for (int i = 0; i < digits; i++)
		scale *= 10;
	int len = snprintf(digits_text, sizeof(digits_text), "%" PRIu64,
			   a / scale);
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits_text[i];
	}
	grouped[g] = '\0';
	if (digits)
		snprintf(frac, sizeof(frac), ".%0*" PRIu64, digits, a % scale);
	snprintf(out, n, "%s%s%s%s%s",
		 currency && *currency ? currency : "",
		 currency && *currency ? " " : "", minor < 0 ? "-" : "",
		 grouped, frac);
}

void percent_display(double percent, char *out, size_t n)
{
	if (!isfinite(percent)) {
		snprintf(out, n, "-");
		return;
	}
	double tenths = round(percent * 10.0);
	if (tenths == 0.0)
		tenths = 0.0;	/* not "-0%" */
	if (fmod(tenths, 10.0) == 0.0)
		snprintf(out, n, "%.0f%%", tenths / 10.0);
	else
		snprintf(out, n, "%.1f%%", tenths / 10.0);
}

void rate_display(double fraction, char *out, size_t n)
{
	percent_display(fraction * 100.0, out, n);
}
