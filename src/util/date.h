/* Dates and times as Fulcrum stores them: a date is "YYYY-MM-DD", a time is
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC). Both sort as text, so the database compares
 * them without dialect functions. The clock obeys FULCRUM_NOW. */
#ifndef FC_UTIL_DATE_H
#define FC_UTIL_DATE_H

#include <stdint.h>

#define DATE_LEN 11	/* "YYYY-MM-DD" + NUL */
#define TIME_LEN 21	/* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Seconds since the epoch, UTC: FULCRUM_NOW if set (a bare date means noon
 * of that day, and the clock stands still), else the real clock. */
int64_t clock_now(void);
/* 0 when FULCRUM_NOW is unset or valid, -1 otherwise. */
int clock_check_env(void);

/* Parse "YYYY-MM-DD" into days since 1970-01-01. Returns 0 or -1. */
int date_parse(const char *s, int32_t *days);
/* Parse ISO 8601 date or date-time ("YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]",
 * a space instead of T too) into epoch seconds. Returns 0 or -1. */
int time_parse(const char *s, int64_t *t);

void date_format(int32_t days, char out[DATE_LEN]);
void time_format(int64_t t, char out[TIME_LEN]);

int32_t date_from_time(int64_t t);
int64_t time_from_date(int32_t days);

/* Civil calendar helpers (Howard Hinnant's algorithms). */
int32_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d);

#endif
