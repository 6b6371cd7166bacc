/* Unit tests of src/io/ical-writer: the feed parses back with libical
 * with the same values, bad items are refused, and libical reads the
 * iCalendar files of tests/fixtures/icalendar as we expect (recurrences
 * with EXDATE and RDATE in a time zone, date-only events, DURATION, folded
 * lines) and, as an extra, the samples of ../shared/data when present.
 * Run alone: meson test -C BUILD io-ical-writer */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "fixture.h"
#include "io/ical-writer.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"

static const struct ical_item items[] = {
	{ "ns-1@fulcrum", "Call Ana about the pilot", "Agreed: send the\n"
	  "proposal, then call; price, scope", "2024-03-01",
	  "https://crm.example/deals/1", "open", "next-step,Acme" },
	{ "ck-7@fulcrum", "Check: budget approved?", NULL,
	  "2024-03-05T14:30:00Z", NULL, "done", NULL },
	{ "ns-2@fulcrum", "Year end", NULL, "2024-12-31", NULL, NULL, NULL },
};

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(cal,
						ICAL_VEVENT_COMPONENT);
	     c; c = icalcomponent_get_next_component(cal,
						ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(c), uid) == 0)
			return c;
	return NULL;
}

static void test_round_trip(void **state)
{
	struct buf out = BUF_INIT;
	int64_t stamp;
	icalcomponent *cal, *ev;
	icalproperty *p;
	struct icaltimetype t;

	assert_int_equal(time_parse("2024-02-20T08:00:00Z", &stamp), 0);
	assert_int_equal(ical_write(&out, "Ana's next steps", stamp, items, 3,
				    NULL), 0);
	assert_non_null(strstr(out.s, "PRODID:-//Fulcrum//Fulcrum CRM//EN\r\n"));
	assert_non_null(strstr(out.s, "DTSTART;VALUE=DATE:20240301\r\n"));
	assert_non_null(strstr(out.s, "DTEND;VALUE=DATE:20240302\r\n"));
	assert_non_null(strstr(out.s, "DTSTAMP:20240220T080000Z\r\n"));

	cal = icalparser_parse_string(out.s);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	p = icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY);
	assert_string_equal(icalproperty_get_version(p), "2.0");
	p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
	assert_string_equal(icalproperty_get_x_name(p), "X-WR-CALNAME");
	assert_string_equal(icalproperty_get_x(p), "Ana's next steps");
	assert_int_equal(icalcomponent_count_components(cal,
				ICAL_VEVENT_COMPONENT), 3);

	ev = find_event(cal, "ns-1@fulcrum");
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Call Ana about the pilot");
	assert_string_equal(icalcomponent_get_description(ev),
			    "Agreed: send the\nproposal, then call; price, scope");
	t = icalcomponent_get_dtstart(ev);
	assert_true(t.is_date);
	assert_int_equal(t.year, 2024);
	assert_int_equal(t.month, 3);
	assert_int_equal(t.day, 1);
	p = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	assert_string_equal(icalproperty_get_url(p),
			    "https://crm.example/deals/1");
	p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);
	assert_string_equal(icalproperty_get_categories(p), "next-step");
	p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY);
	assert_non_null(p);
	assert_string_equal(icalproperty_get_categories(p), "Acme");
	t = icalcomponent_get_dtstamp(ev);
	assert_int_equal(t.hour, 8);

	ev = find_event(cal, "ck-7@fulcrum");
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Done: Check: budget approved?");
	t = icalcomponent_get_dtstart(ev);
	assert_false(t.is_date);
	assert_true(icaltime_is_utc(t));
	assert_int_equal(t.hour, 14);
	assert_int_equal(t.minute, 30);
	t = icalcomponent_get_dtend(ev);
	assert_int_equal(t.hour, 15);
	assert_int_equal(t.minute, 0);

	ev = find_event(cal, "ns-2@fulcrum");
	t = icalcomponent_get_dtend(ev);
	assert_int_equal(t.year, 2025);
	assert_int_equal(t.month, 1);
	assert_int_equal(t.day, 1);
	icalcomponent_free(cal);
	buf_release(&out);
}

/* RFC 5545 text may hold no control characters but TAB (a newline is
 * escaped): others in a summary or description, which users can store,
 * would make a feed calendar apps reject or read differently. They are
 * written as spaces, and the feed reads back with them so. */
static void test_control_characters(void **state)
{
	static const struct ical_item it = {
		"cc-1@fulcrum", "Call\x0c Ana\rnow\x01\x7f!", "tab\there\nnext\x1b[0m",
		"2024-03-01", NULL, NULL, NULL,
	};
	struct buf out = BUF_INIT;
	icalcomponent *cal, *ev;

	assert_int_equal(ical_write(&out, "Ana\x07", 0, &it, 1, NULL), 0);
	for (size_t i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.s[i];

		if (c == '\r')
			assert_int_equal(out.s[i + 1], '\n');
		else
			assert_true(c >= 0x20 ? c != 0x7f :
				    c == '\t' || c == '\n');
	}
	cal = icalparser_parse_string(out.s);
	assert_non_null(cal);
	ev = find_event(cal, "cc-1@fulcrum");
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev), "Call  Ana now  !");
	assert_string_equal(icalcomponent_get_description(ev),
			    "tab\there\nnext [0m");
	icalcomponent_free(cal);
	buf_release(&out);
}

/* The trigger of EV's VALARM as text ("PT9H"), or NULL without one. */
static const char *alarm_trigger(icalcomponent *ev, char *out, size_t n)
{
	icalcomponent *a = icalcomponent_get_first_component(ev,
						ICAL_VALARM_COMPONENT);
	if (!a)
		return NULL;
	icalproperty *action = icalcomponent_get_first_property(a,
						ICAL_ACTION_PROPERTY);
	assert_non_null(action);
	assert_int_equal(icalproperty_get_action(action), ICAL_ACTION_DISPLAY);
	struct icaltriggertype t = icalproperty_get_trigger(
		icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY));
	snprintf(out, n, "%s", icaldurationtype_as_ical_string(t.duration));
	return out;
}

/* An item with an alarm rings the morning it is due (all day) or a
 * quarter of an hour before (timed); a done one, or one without, never. */
static void test_alarms(void **state)
{
	const struct ical_item alarmed[] = {
		{ "a@f", "Call Ana", NULL, "2024-03-01", NULL, "open", NULL, 1 },
		{ "b@f", "Demo", NULL, "2024-03-02T14:00:00Z", NULL, NULL, NULL, 1 },
		{ "c@f", "Sent", NULL, "2024-03-03", NULL, "done", NULL, 1 },
		{ "d@f", "Quiet", NULL, "2024-03-04", NULL, "open", NULL, 0 },
	};
	struct buf out;
	char text[64];
	buf_init(&out, 0);
	assert_int_equal(ical_write(&out, "x", 0, alarmed, 4, NULL), 0);
	icalcomponent *cal = icalparser_parse_string(out.s);
	assert_non_null(cal);
	assert_string_equal(alarm_trigger(find_event(cal, "a@f"), text,
					  sizeof(text)), "PT9H");
	assert_string_equal(alarm_trigger(find_event(cal, "b@f"), text,
					  sizeof(text)), "-PT15M");
	assert_null(alarm_trigger(find_event(cal, "c@f"), text, sizeof(text)));
	assert_null(alarm_trigger(find_event(cal, "d@f"), text, sizeof(text)));
	icalcomponent_free(cal);
	buf_release(&out);
}

static void test_refusals(void **state)
{
	struct buf out = BUF_INIT;
	struct fc_error err;
	struct ical_item bad = items[0];

	bad.due = "2024-02-30";
	assert_int_equal(ical_write(&out, "x", 0, &bad, 1, &err), FC_EINVAL);
	assert_string_equal(err.message,
			    "item 'ns-1@fulcrum' has an invalid due '2024-02-30'");
	assert_int_equal(out.len, 0);
	bad = items[0];
	bad.summary = "";
	assert_int_equal(ical_write(&out, "x", 0, &bad, 1, &err), FC_EINVAL);
	assert_string_equal(err.message, "item 'ns-1@fulcrum' has no summary");
	bad = items[0];
	bad.status = "maybe";
	assert_int_equal(ical_write(&out, "x", 0, &bad, 1, &err), FC_EINVAL);
	bad.status = "open";
	bad.uid = NULL;
	assert_int_equal(ical_write(&out, "x", 0, &bad, 1, &err), FC_EINVAL);
	assert_string_equal(err.message, "item 0 has no uid");
	assert_int_equal(out.len, 0);
	/* an empty feed is still a valid calendar */
	assert_int_equal(ical_write(&out, "empty", 0, NULL, 0, NULL), 0);
	assert_non_null(strstr(out.s, "BEGIN:VCALENDAR"));
	buf_release(&out);
}

/* Every .ics file under DIR (freed here) parses with libical; returns
 * how many there were. */
static int parse_dir(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char *path;
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".ics") == 0) {
			FILE *f = fopen(path, "rb");
			struct buf b = BUF_INIT;
			char chunk[4096];
			size_t got;
			icalcomponent *c;

			assert_non_null(f);
			while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
				buf_add(&b, chunk, got);
			fclose(f);
			c = icalparser_parse_string(b.s);
			if (!c)
				fprintf(stderr, "libical cannot read '%s'\n",
					path);
			assert_non_null(c);
			icalcomponent_free(c);
			buf_release(&b);
			files++;
		} else {
			DIR *sub = opendir(path);

			if (sub) {
				closedir(sub);
				files += parse_dir(xstrdup(path));
			}
		}
		free(path);
	}
	closedir(d);
	free(dir);
	return files;
}

static icalcomponent *parse_fixture(const char *name)
{
	char *rel = xasprintf("icalendar/%s", name);
	char *path = fixture_path(rel);
	size_t len;
	char *data = fixture_slurp(path, &len);
	icalcomponent *cal = icalparser_parse_string(data);

	assert_non_null(cal);
	free(data);
	free(path);
	free(rel);
	return cal;
}

static void count_start(icalcomponent *comp, struct icaltime_span *span,
			void *data)
{
	(*(int *)data)++;
}

static void test_fixtures(void **state)
{
	icalcomponent *cal, *ev;
	struct icaltimetype start, end;
	int n = 0;

	assert_int_equal(parse_dir(fixture_path("icalendar")), 3);

	/* 10 Mondays less two EXDATEs plus one RDATE, in Berlin time */
	cal = parse_fixture("recurring-timezone.ics");
	ev = find_event(cal, "weekly-review@example.test");
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Pipeline review, team East");
	assert_string_equal(icalcomponent_get_description(ev),
			    "Agenda:\n1. stalled deals\n2. next steps");
	start = icaltime_from_string("20260101T000000Z");
	end = icaltime_from_string("20270101T000000Z");
	icalcomponent_foreach_recurrence(ev, start, end, count_start, &n);
	assert_int_equal(n, 9);
	icalcomponent_free(cal);

	cal = parse_fixture("all-day-duration.ics");
	ev = find_event(cal, "trade-show@example.test");
	assert_true(icalcomponent_get_dtstart(ev).is_date);
	assert_int_equal(icaltime_day_of_year(icalcomponent_get_dtend(ev)) -
			 icaltime_day_of_year(icalcomponent_get_dtstart(ev)), 3);
	ev = find_event(cal, "call@example.test");
	assert_int_equal(icaldurationtype_as_int(icalcomponent_get_duration(ev)),
			 45 * 60);
	assert_non_null(icalcomponent_get_first_component(ev,
						ICAL_VALARM_COMPONENT));
	icalcomponent_free(cal);

	cal = parse_fixture("todo-and-folded.ics");
	ev = icalcomponent_get_first_component(cal, ICAL_VTODO_COMPONENT);
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Send the proposal built from the customer's wants: "
			    "faster onboarding, one invoice a month, and a "
			    "named contact");
	ev = find_event(cal, "utf8@example.test");
	assert_string_equal(icalcomponent_get_summary(ev),
			    "Caf\xc3\xa9 with J\xc3\xbcrgen M\xc3\xbcller "
			    "\xe2\x80\x93 satisfaction check");
	icalcomponent_free(cal);
}

static void test_samples(void **state)
{
	char *dir = shared_data_path("icalendar");

	if (!dir)
		skip();
	assert_true(parse_dir(dir) >= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_alarms),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
