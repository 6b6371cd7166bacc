/* The iCalendar feed writer; see ical-writer.h. libical builds the
 * components and does the escaping and folding. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "io/ical-writer.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static struct icaltimetype ical_date(int32_t days)
{
	struct icaltimetype t = icaltime_null_date();
	int y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	t.year = y;
	t.month = (int)m;
	t.day = (int)d;
	t.is_date = 1;
	return t;
}

static struct icaltimetype ical_utc(int64_t secs)
{
	return icaltime_from_timet_with_zone((time_t)secs, 0,
					     icaltimezone_get_utc_timezone());
}

/* A heap copy of S fit for an iCalendar TEXT value: RFC 5545 allows no
 * control characters there but TAB (newlines are escaped by libical), so
 * the others (a stray CR, a form feed pasted from a document) become
 * spaces instead of making a feed that calendar apps refuse. */
static char *plain_text(const char *s)
{
	char *out = xstrdup(s);

	for (char *p = out; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n') ||
		    *p == 0x7f)
			*p = ' ';
	return out;
}

/* A display alarm for an event titled SUMMARY: at ICAL_ALARM_HOUR on the
 * day of an all-day event (a trigger after its start at midnight), else
 * ICAL_ALARM_BEFORE minutes before it. */
static icalcomponent *alarm(const char *summary, int all_day)
{
	icalcomponent *a = icalcomponent_new(ICAL_VALARM_COMPONENT);
	struct icaltriggertype trigger = { 0 };
	trigger.time = icaltime_null_time();
	trigger.duration = icaldurationtype_null_duration();
	if (all_day) {
		trigger.duration.hours = ICAL_ALARM_HOUR;
	} else {
		trigger.duration.is_neg = 1;
		trigger.duration.minutes = ICAL_ALARM_BEFORE;
	}
	icalcomponent_add_property(a, icalproperty_new_action(ICAL_ACTION_DISPLAY));
	icalcomponent_add_property(a, icalproperty_new_trigger(trigger));
	icalcomponent_add_property(a, icalproperty_new_description(summary));
	return a;
}

static int add_item(icalcomponent *cal, const struct ical_item *it,
		    int64_t dtstamp, size_t idx, struct fc_error *err)
{
	icalcomponent *ev = NULL;
	int32_t days;
	int64_t t;
	char *summary = NULL, *text;
	int done;
	int rc = 0;

	if (!it->uid || !*it->uid) {
		rc = fc_fail(err, FC_EINVAL, "uid", "item %zu has no uid", idx);
		goto out;
	}
	if (!it->summary || !*it->summary) {
		rc = fc_fail(err, FC_EINVAL, "summary",
			     "item '%s' has no summary", it->uid);
		goto out;
	}
	done = it->status && strcmp(it->status, "done") == 0;
	if (it->status && !done && strcmp(it->status, "open") != 0) {
		rc = fc_fail(err, FC_EINVAL, "status",
			     "item '%s' has an invalid status '%s'", it->uid,
			     it->status);
		goto out;
	}
	ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	if (it->due && date_parse(it->due, &days) == 0 &&
	    strlen(it->due) == 10) {
		icalcomponent_add_property(ev,
			icalproperty_new_dtstart(ical_date(days)));
		icalcomponent_add_property(ev,
			icalproperty_new_dtend(ical_date(days + 1)));
	} else if (it->due && time_parse(it->due, &t) == 0) {
		icalcomponent_add_property(ev,
			icalproperty_new_dtstart(ical_utc(t)));
		icalcomponent_add_property(ev,
			icalproperty_new_dtend(ical_utc(t + 30 * 60)));
	} else {
		rc = fc_fail(err, FC_EINVAL, "due",
			     "item '%s' has an invalid due '%s'", it->uid,
			     it->due ? it->due : "");
		goto out;
	}
	text = plain_text(it->uid);
	icalcomponent_add_property(ev, icalproperty_new_uid(text));
	free(text);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
		ical_utc(dtstamp)));
	text = plain_text(it->summary);
	summary = done ? xasprintf("Done: %s", text) : xstrdup(text);
	free(text);
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	if (it->description && *it->description) {
		text = plain_text(it->description);
		icalcomponent_add_property(ev,
			icalproperty_new_description(text));
		free(text);
	}
	if (it->url && *it->url) {
		text = plain_text(it->url);
		icalcomponent_add_property(ev, icalproperty_new_url(text));
		free(text);
	}
	if (it->categories && *it->categories) {
		text = plain_text(it->categories);
		icalcomponent_add_property(ev,
			icalproperty_new_categories(text));
		free(text);
	}
	icalcomponent_add_property(ev,
		icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	/* reminders of work, not meetings: never block free/busy time */
	icalcomponent_add_property(ev,
		icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	if (it->alarm && !done)
		icalcomponent_add_component(ev, alarm(summary, strlen(it->due) == 10));
	icalcomponent_add_component(cal, ev);
	ev = NULL;
out:
	if (ev)
		icalcomponent_free(ev);
	free(summary);
	return rc;
}

int ical_write(struct buf *out, const char *calname, int64_t dtstamp,
	       const struct ical_item *items, size_t n, struct fc_error *err)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalproperty *name;
	char *text = NULL, *title;
	int rc = 0;

	icalcomponent_add_property(cal, icalproperty_new_prodid(ICAL_PRODID));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal,
		icalproperty_new_method(ICAL_METHOD_PUBLISH));
	title = plain_text(calname ? calname : "Fulcrum");
	name = icalproperty_new_x(title);
	free(title);
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	icalcomponent_add_property(cal, name);
	for (size_t i = 0; i < n; i++) {
		rc = add_item(cal, &items[i], dtstamp, i, err);
		if (rc)
			goto out;
	}
	text = icalcomponent_as_ical_string_r(cal);
	if (!text) {
		rc = fc_fail(err, FC_ESTORE, NULL, "cannot write the calendar");
		goto out;
	}
	buf_adds(out, text);
out:
	if (text)
		icalmemory_free_buffer(text);
	icalcomponent_free(cal);
	return rc;
}
