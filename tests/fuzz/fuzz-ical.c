/* libFuzzer harness for the iCalendar feed (io/ical-writer.c): the input
 * is lines, seven per item (uid, summary, description, due, url, status,
 * categories; an empty line is an absent value), at most four items, all
 * UTF-8 as the store keeps them. A feed that is written parses back with
 * libical to the same events: one VEVENT per item in order, with its uid,
 * summary ("Done: " first when done), description, url and start;
 * control characters but TAB and newline read back as spaces.
 * Seeds: corpus/ical. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "fuzz-store.h"
#include "io/ical-writer.h"
#include "util/date.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ITEMS 4

static const char *next_line(char **p)
{
	char *s = *p, *nl;

	if (!s)
		return NULL;
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = NULL;
	}
	return *s ? s : NULL;
}

/* Whether GOT reads as WANT: libical's parser drops the blanks around a
 * value (which RFC 5545 allows), so they are not compared. */
static int same(const char *got, const char *want)
{
	size_t g, w;

	got = got ? got : "";
	want = want ? want : "";
	got += strspn(got, " \t");
	want += strspn(want, " \t");
	g = strlen(got);
	w = strlen(want);
	while (g && (got[g - 1] == ' ' || got[g - 1] == '\t'))
		g--;
	while (w && (want[w - 1] == ' ' || want[w - 1] == '\t'))
		w--;
	return g == w && !memcmp(got, want, g);
}

static void check_event(icalcomponent *ev, const struct ical_item *it)
{
	struct icaltimetype start = icalcomponent_get_dtstart(ev);
	const char *summary = icalcomponent_get_summary(ev);
	int done = it->status && !strcmp(it->status, "done");
	char expect[70000];
	int32_t days;
	int64_t t;

	assert(same(icalcomponent_get_uid(ev), it->uid));
	snprintf(expect, sizeof(expect), "%s%s", done ? "Done: " : "",
		 it->summary);
	assert(same(summary, expect));
	assert(same(icalcomponent_get_description(ev), it->description));
	if (it->url && *it->url) {
		icalproperty *url = icalcomponent_get_first_property(ev,
			ICAL_URL_PROPERTY);

		assert(same(url ? icalproperty_get_url(url) : NULL, it->url));
	}
	if (strlen(it->due) == 10 && date_parse(it->due, &days) == 0) {
		int y;
		unsigned m, d;

		civil_from_days(days, &y, &m, &d);
		assert(start.is_date && start.year == y &&
		       start.month == (int)m && start.day == (int)d);
	} else {
		assert(time_parse(it->due, &t) == 0 && !start.is_date);
		assert(icaltime_as_timet_with_zone(start,
			icaltimezone_get_utc_timezone()) == (time_t)t);
	}
}

/* Up to MAX_ITEMS items from the lines of TEXT (changed in place). */
static size_t read_items(char *text, struct ical_item *items)
{
	char *p = text;
	size_t n = 0;

	while (p && n < MAX_ITEMS) {
		struct ical_item *it = &items[n++];

		it->uid = next_line(&p);
		it->summary = next_line(&p);
		it->description = next_line(&p);
		it->due = next_line(&p);
		it->url = next_line(&p);
		it->status = next_line(&p);
		it->categories = next_line(&p);
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ical_item items[MAX_ITEMS], want[MAX_ITEMS];
	struct fc_error err = { 0 };
	struct buf out = BUF_INIT;
	icalcomponent *cal, *ev;
	char *text, *plain;
	size_t n;

	if (memchr(data, '\0', size) ||
	    !utf8_valid((const char *)data, size, NULL))
		return 0;
	text = fuzz_strndup(data, size);
	plain = fuzz_strndup(data, size);
	for (char *c = plain; *c; c++)
		if (((unsigned char)*c < 0x20 && *c != '\t' && *c != '\n') ||
		    *c == 0x7f)
			*c = ' ';
	n = read_items(text, items);
	read_items(plain, want);
	if (ical_write(&out, "Fuzz", 1767268800, items, n, &err)) {
		assert(err.code == FC_EINVAL && err.message[0]);
		free(plain);
		free(text);
		return 0;
	}
	cal = icalparser_parse_string(out.s);
	assert(cal && icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	for (size_t i = 0; i < n; i++) {
		assert(ev);
		check_event(ev, &want[i]);
		ev = icalcomponent_get_next_component(cal,
						      ICAL_VEVENT_COMPONENT);
	}
	assert(!ev);
	icalcomponent_free(cal);
	buf_release(&out);
	free(plain);
	free(text);
	return 0;
}
