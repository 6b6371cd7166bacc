/* libFuzzer harness for src/io/value-parse: each parser on the input as a
 * string; a date that parses must format to a valid date, and the column
 * detector must not contradict itself. The record layer's money and
 * util/date's dates and times read back what they print. Built and run by
 * tests/fuzz/meson.build. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/record.h"
#include "io/value-parse.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct value_date_detect d;
	enum value_date_format fmt;
	struct fc_error err;
	int32_t days;
	int64_t cents, secs;
	char cur[4];
	int b;

	memcpy(s, data, size);
	s[size] = '\0';
	for (int f = VALUE_DATE_AUTO; f <= VALUE_DATE_EU; f++) {
		if (value_parse_date(s, (enum value_date_format)f, &days,
				     &err) == 0) {
			char out[DATE_LEN];
			int32_t back;

			date_format(days, out);
			assert(date_parse(out, &back) == 0 && back == days);
		} else {
			assert(err.message[0]);
		}
	}
	value_date_detect_init(&d);
	value_date_detect_add(&d, s);
	if (value_date_detect_result(&d, &fmt, &err) == 0 &&
	    fmt != VALUE_DATE_AUTO)
		assert(value_parse_date(s, fmt, &days, NULL) == 0);
	if (money_read(s, MONEY_DETECT, NULL, &cents, cur, &err) == 0)
		assert(strlen(cur) == 0 || strlen(cur) == 3);
	if (money_read(s, MONEY_POINT, NULL, &cents, cur, &err) == 0)
		assert(strlen(cur) == 0 || strlen(cur) == 3);
	if (money_parse(s, NULL, &cents) == 0) {
		char out[64];
		int64_t back;

		money_format(cents, NULL, out, sizeof(out));
		assert(money_parse(out, NULL, &back) == 0 && back == cents);
	}
	if (time_parse(s, &secs) == 0) {
		char out[TIME_LEN];
		int64_t back;

		time_format(secs, out);
		assert(time_parse(out, &back) == 0 && back == secs);
	}
	value_parse_bool(s, &b, NULL);
	value_email_valid(s);
	free(s);
	return 0;
}
