/* iCalendar (RFC 5545) output through libical: the next steps and checks
 * of one user as a calendar feed. Each item becomes a VEVENT, not a VTODO:
 * calendar apps that subscribe to a feed (Google, Apple, Outlook) show
 * events but mostly ignore tasks. A due date gives an all-day event
 * (DTSTART;VALUE=DATE, DTEND the next day); a due date-time gives a
 * 30-minute event in UTC. Done items stay in the feed with their summary
 * prefixed by "Done: " and STATUS:CANCELLED is never used (they happened).
 * An item may carry a VALARM (ACTION:DISPLAY): the morning it is due.
 * Control characters other than TAB and newline, which RFC 5545 text may
 * not hold, are written as spaces.
 * Tests: tests/unit/io/test-ical-writer.c. */
#ifndef FC_IO_ICAL_WRITER_H
#define FC_IO_ICAL_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/error.h"

#define ICAL_PRODID "-//Fulcrum//Fulcrum CRM//EN"

struct ical_item {
	const char *uid;		/* required, globally unique */
	const char *summary;		/* required */
	const char *description;	/* may be NULL */
	const char *due;		/* "YYYY-MM-DD" or ISO 8601 date-time */
	const char *url;		/* may be NULL */
	const char *status;		/* "open" (NULL too) or "done" */
	const char *categories;		/* comma-separated, may be NULL */
	int alarm;			/* 1: a VALARM reminds of it (open
					 * items only): at ICAL_ALARM_HOUR on
					 * the morning of an all-day item, or
					 * ICAL_ALARM_BEFORE before a timed one */
};

#define ICAL_ALARM_HOUR 9		/* 09:00 on the day, local time */
#define ICAL_ALARM_BEFORE 15		/* minutes */

/* Appends a VCALENDAR named CALNAME (X-WR-CALNAME) holding the N ITEMS,
 * with DTSTAMP set to DTSTAMP (epoch seconds) on each. Returns 0, or
 * FC_EINVAL (with ERR filled, naming the item) when an item lacks a uid,
 * a summary or a valid due; OUT is then unchanged. */
int ical_write(struct buf *out, const char *calname, int64_t dtstamp,
	       const struct ical_item *items, size_t n, struct fc_error *err);

#endif
