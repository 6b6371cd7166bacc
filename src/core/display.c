/* Values as people read them. See display.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/display.h"
#include "util/banned.h"

void money_display(int64_t cents, const char *currency, char *out, size_t n)
{
	/* INT64_MIN has no positive counterpart: work in uint64_t */
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char digits[32], grouped[48];
	int len = snprintf(digits, sizeof(digits), "%" PRIu64, a / 100);
	size_t g = 0;

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(out, n, "%s%s%s%s.%02" PRIu64,
		 currency && *currency ? currency : "",
		 currency && *currency ? " " : "", cents < 0 ? "-" : "",
		 grouped, a % 100);
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
