/* See phase-time.h. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "core/demo/phase-time.h"
#include "util/banned.h"

static double cpu_now(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void phase_time_start(struct phase_time *t)
{
	const char *env = getenv("FULCRUM_DEMO_TIMING");
	t->on = env && *env && *env != '0';
	t->last = t->on ? cpu_now() : 0;
}

void phase_time_end(struct phase_time *t, const char *name)
{
	double now;
	if (!t->on)
		return;
	now = cpu_now();
	fprintf(stderr, "demo: %-22s %7.2f s CPU\n", name, now - t->last);
	t->last = now;
}
